import { CompiledQuery, type Kysely } from 'kysely';
import type { SqlRunner } from '@tessera/store-kysely';
import { formatTimestamptz } from './type-parsers.js';

/** Maps a failure of a deferred statement to the error its caller would have seen (or returns). */
type ErrorMapper = (error: unknown) => void;

/**
 * One PostgreSQL transaction whose trailing writes travel with its COMMIT.
 *
 * A write whose answer the caller does not need (an INSERT of history or outbox rows, a ticket
 * INSERT whose id and read-back are known in advance) is queued instead of sent; the queue goes
 * out with the next statement or, usually, as one message ending in `COMMIT`. A create then costs
 * one round trip fewer per queued statement, and — what matters under concurrency — the locks
 * taken last (the ticket counter, the outbox ordering lock) are held for the server's work on
 * that final message and its WAL flush, not for client round trips in between.
 *
 * Every other statement first sends the queue, so reads in the transaction see its writes and
 * statements run in the order they were issued. Queued statements go as one simple-protocol
 * message (the only way to send several statements in one round trip), so their parameters are
 * inlined as quoted literals; only scalar parameters (text, numbers, booleans, instants, NULL)
 * are accepted, which is all the deferred INSERTs bind (JSON travels as its text).
 */
export class WriteBehindTransaction {
  readonly #conn: Kysely<unknown>;
  #queued: string[] = [];
  #mappers: ErrorMapper[] = [];

  constructor(conn: Kysely<unknown>) {
    this.#conn = conn;
  }

  /**
   * Runs a statement now, after the queue (so it sees every earlier write). A statement without
   * parameters (the ticket counter's) travels in the queue's message, as its last statement.
   */
  readonly run: SqlRunner = {
    rows: async <R>(query: CompiledQuery) => {
      if (this.#queued.length > 0 && query.parameters.length === 0) {
        return (await this.#send([...this.#queued, query.sql])) as R[];
      }
      await this.flush();
      return (await this.#conn.executeQuery<R>(query)).rows;
    },
  };

  /**
   * A runner that queues each statement and answers "no rows" at once: for writes whose rows
   * nobody reads. `onError` as in {@link defer}.
   */
  deferring(onError?: ErrorMapper): SqlRunner {
    return {
      rows: <R>(query: CompiledQuery): R[] | Promise<R[]> => {
        const queued = this.defer(query, onError);
        return queued ? [] : Promise.resolve(this.run.rows<R>(query)).catch((error: unknown) => {
          onError?.(error);
          throw error;
        });
      },
    };
  }

  /**
   * Queues `query` and returns true; `onError` may turn its failure (seen at flush or commit) into
   * the caller's error. Returns false, queuing nothing, for a statement that must be sent with
   * bound parameters (text holding a NUL character, which only a bound parameter can carry to
   * the server's "invalid byte sequence" check).
   */
  defer(query: CompiledQuery, onError?: ErrorMapper): boolean {
    if (query.parameters.some((p) => typeof p === 'string' && p.includes('\0'))) return false;
    this.#queued.push(inlineParameters(query));
    if (onError) this.#mappers.push(onError);
    return true;
  }

  /** Sends the queued statements (one round trip), if any. */
  async flush(): Promise<void> {
    if (this.#queued.length > 0) await this.#send(this.#queued);
  }

  /** Sends the queued statements and `COMMIT` as one message. */
  async commit(): Promise<void> {
    await this.#send([...this.#queued, 'commit']);
  }

  /** Drops the queued statements unsent (their transaction is being rolled back). */
  discard(): void {
    this.#queued = [];
    this.#mappers = [];
  }

  /** Sends `statements` as one message; answers the last one's rows (see `TesseraPool`). */
  async #send(statements: string[]): Promise<unknown[]> {
    const mappers = this.#mappers;
    this.#queued = [];
    this.#mappers = [];
    try {
      return (await this.#conn.executeQuery(CompiledQuery.raw(statements.join(';\n')))).rows;
    } catch (error) {
      for (const map of mappers) map(error);
      throw error;
    }
  }
}

/** `query`'s SQL with each `$n` replaced by its parameter as a literal. */
export function inlineParameters(query: CompiledQuery): string {
  const { sql, parameters } = query;
  let used = 0;
  const text = sql.replace(/\$(\d+)/gu, (_, n: string) => {
    used++;
    const index = Number(n) - 1;
    if (index >= parameters.length) throw new RangeError(`statement refers to $${n} but has ${parameters.length} parameters`);
    return literal(parameters[index]);
  });
  if (used < parameters.length) throw new RangeError(`statement binds ${parameters.length} parameters but names ${used}`);
  return text;
}

/**
 * A parameter as an SQL literal. Quoted even for numbers: an untyped literal takes the type of
 * the column it is inserted into, as a bound parameter does.
 */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return quote(formatTimestamptz(value));
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`cannot store the number ${value}`);
      return quote(String(value));
    case 'bigint':
    case 'boolean':
      return quote(String(value));
    default:
      throw new TypeError(`a deferred statement cannot bind a ${typeof value} parameter`);
  }
}

/** Quotes text as node-postgres' `escapeLiteral` does: correct whatever `standard_conforming_strings` is. */
function quote(text: string): string {
  const quoted = text.replace(/'/gu, "''");
  return text.includes('\\') ? ` E'${quoted.replace(/\\/gu, '\\\\')}'` : `'${quoted}'`;
}
