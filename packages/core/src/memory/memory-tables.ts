import type { Attachment, Comment, HistoryEntry, Ticket } from '../domain/model.js';

/**
 * The rows of an in-memory store. Maps are never mutated once committed: a transaction
 * copies a map the first time it writes to it (copy-on-write), so committing is a swap
 * and rolling back is dropping the copy.
 */
export interface Tables {
  tickets: ReadonlyMap<number, Ticket>;
  comments: ReadonlyMap<number, Comment>;
  attachments: ReadonlyMap<number, Attachment>;
  history: ReadonlyMap<number, HistoryEntry>;
  /** Last id handed out per table. */
  lastIds: Readonly<Record<TableName, number>>;
  /** Last ticket sequence value allocated. */
  sequence: number;
}

export type TableName = 'tickets' | 'comments' | 'attachments' | 'history';

type Row<N extends TableName> = Tables[N] extends ReadonlyMap<number, infer R> ? R : never;

export function emptyTables(): Tables {
  return {
    tickets: new Map(),
    comments: new Map(),
    attachments: new Map(),
    history: new Map(),
    lastIds: { tickets: 0, comments: 0, attachments: 0, history: 0 },
    sequence: 0,
  };
}

/** A transaction's private working copy of `base`. */
export class WorkingTables {
  readonly tables: Tables;
  readonly #copied = new Set<TableName>();

  constructor(base: Tables) {
    this.tables = { ...base, lastIds: { ...base.lastIds } };
  }

  /** A writable map for `name`, copied from the base on first use. */
  writable<N extends TableName>(name: N): Map<number, Row<N>> {
    if (!this.#copied.has(name)) {
      (this.tables as Record<TableName, unknown>)[name] = new Map(this.tables[name] as ReadonlyMap<number, Row<N>>);
      this.#copied.add(name);
    }
    return this.tables[name] as Map<number, Row<N>>;
  }

  /** The next id of `name`. */
  nextId(name: TableName): number {
    const lastIds = this.tables.lastIds as Record<TableName, number>;
    lastIds[name] += 1;
    return lastIds[name];
  }

  allocateSequence(): number {
    (this.tables as { sequence: number }).sequence += 1;
    return this.tables.sequence;
  }
}

/**
 * A defensive copy of a row: stored rows are never handed out, so callers mutating a result
 * (or the object they passed in) cannot change the store.
 */
export function copyRow<T extends object>(row: T): T {
  return structuredClone(row);
}
