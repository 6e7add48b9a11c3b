import type { Attachment, Comment, HistoryEntry, Ticket } from '../domain/model.js';

/** Read access to one table: what both a committed `Map` and a transaction's overlay offer. */
export interface RowTable<K, V> {
  get(key: K): V | undefined;
  has(key: K): boolean;
  values(): IterableIterator<V>;
}

/** Each table's key and row type: readers' `TableSet` and the committed maps are built from this one list. */
interface TableTypes {
  tickets: [number, Ticket];
  comments: [number, Comment];
  attachments: [number, Attachment];
  history: [number, HistoryEntry];
  /** Unique index: ticket number → ticket id. */
  ticketNumbers: [string, number];
  /** Unique index: sequence → ticket id. */
  sequences: [number, number];
}

/** The tables of an in-memory store as readers see them. */
export type TableSet = { [N in keyof TableTypes]: RowTable<TableTypes[N][0], TableTypes[N][1]> };

/** Counters that a rolled-back transaction must not advance. */
export interface Counters {
  tickets: number;
  comments: number;
  attachments: number;
  history: number;
  /** Last ticket sequence value allocated. */
  sequence: number;
}

/** The committed state: plain maps, changed only when a transaction commits. */
export type CommittedTables = { [N in keyof TableTypes]: Map<TableTypes[N][0], TableTypes[N][1]> } & { counters: Counters };

export function emptyTables(): CommittedTables {
  return {
    tickets: new Map(),
    comments: new Map(),
    attachments: new Map(),
    history: new Map(),
    ticketNumbers: new Map(),
    sequences: new Map(),
    counters: { tickets: 0, comments: 0, attachments: 0, history: 0, sequence: 0 },
  };
}

const DELETED = Symbol('deleted');

/**
 * A transaction's private changes to one committed map. Reads see the base with the changes
 * applied; `commit` writes them into the base in place. Costs O(changes), not O(table).
 */
export class Overlay<K, V> implements RowTable<K, V> {
  readonly #changes = new Map<K, V | typeof DELETED>();

  constructor(private readonly base: Map<K, V>) {}

  get(key: K): V | undefined {
    if (!this.#changes.has(key)) return this.base.get(key);
    const change = this.#changes.get(key);
    return change === DELETED ? undefined : change;
  }

  has(key: K): boolean {
    return this.#changes.has(key) ? this.#changes.get(key) !== DELETED : this.base.has(key);
  }

  *values(): IterableIterator<V> {
    for (const [key, value] of this.base) {
      if (!this.#changes.has(key)) yield value;
      else {
        const change = this.#changes.get(key)!;
        if (change !== DELETED) yield change;
      }
    }
    for (const [key, change] of this.#changes) if (!this.base.has(key) && change !== DELETED) yield change;
  }

  set(key: K, value: V): void {
    this.#changes.set(key, value);
  }

  delete(key: K): void {
    this.#changes.set(key, DELETED);
  }

  commit(): void {
    for (const [key, change] of this.#changes) {
      if (change === DELETED) this.base.delete(key);
      else this.base.set(key, change);
    }
  }
}

/** A transaction's view of the store: overlays over every committed map, private counters. */
export class WorkingTables implements TableSet {
  readonly tickets: Overlay<number, Ticket>;
  readonly comments: Overlay<number, Comment>;
  readonly attachments: Overlay<number, Attachment>;
  readonly history: Overlay<number, HistoryEntry>;
  readonly ticketNumbers: Overlay<string, number>;
  readonly sequences: Overlay<number, number>;
  readonly counters: Counters;

  constructor(private readonly base: CommittedTables) {
    this.tickets = new Overlay(base.tickets);
    this.comments = new Overlay(base.comments);
    this.attachments = new Overlay(base.attachments);
    this.history = new Overlay(base.history);
    this.ticketNumbers = new Overlay(base.ticketNumbers);
    this.sequences = new Overlay(base.sequences);
    this.counters = { ...base.counters };
  }

  /** The next id of a table. */
  nextId(table: Exclude<keyof Counters, 'sequence'>): number {
    this.counters[table] += 1;
    return this.counters[table];
  }

  /** Publishes every change into the committed tables (synchronously, so readers never see half). */
  commit(): void {
    for (const overlay of [this.tickets, this.comments, this.attachments, this.history, this.ticketNumbers, this.sequences]) {
      (overlay as Overlay<unknown, unknown>).commit();
    }
    this.base.counters = this.counters;
  }
}

/**
 * A defensive copy of a row: stored rows are never handed out, so callers mutating a result
 * (or the object they passed in) cannot change the store.
 */
export function copyRow<T extends object>(row: T): T {
  return structuredClone(row);
}
