import type { CompiledQuery, Kysely } from 'kysely';
import type { StoreDialect } from './dialect.js';
import type { SharedTableNames } from './tables.js';

/**
 * Runs one compiled query on the connection the caller is on (the pool, or a transaction's
 * connection) and returns its rows. A synchronous driver (better-sqlite3) may return the rows
 * directly, and the shared queries then stay synchronous (see `after`). Statements run as given,
 * one each, so a read is one statement and sees one snapshot.
 */
export interface SqlRunner {
  rows<R>(query: CompiledQuery): R[] | Promise<R[]>;
}

/**
 * How the shared directory, SLA and webhook SQL reach the database: an adapter decides how
 * connections are taken, how write transactions begin and how driver errors are reported.
 */
export interface SqlConnection {
  /** One or more statements in autocommit mode (each statement atomic on its own). */
  run<T>(fn: (runner: SqlRunner) => Promise<T>): Promise<T>;
  /**
   * Statements in one write transaction: SQLite `BEGIN IMMEDIATE` (the write lock up front, so
   * two processes never both read before writing), PostgreSQL a READ COMMITTED transaction.
   */
  transaction<T>(fn: (runner: SqlRunner) => Promise<T>): Promise<T>;
  /**
   * Optional: statements that only read and need not see this process's open transactions — the
   * per-request lookups (tokens, people, SLA lists). SQLite runs them on a second, read-only
   * connection while a transaction holds the first, so they never queue behind it. Default: {@link run}.
   */
  read?<T>(fn: (runner: SqlRunner) => Promise<T>): Promise<T>;
}

/** What the shared queries are built from: the dialect, a Kysely to compile with, the table names. */
export interface SharedQuerySetup {
  readonly dialect: StoreDialect;
  /**
   * Compiles queries (the dialect's SQL flavour and placeholders); never executes: statements
   * run through the {@link SqlRunner} each call is given.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- table names are the dialect's, not a static schema
  readonly builder: Kysely<any>;
  readonly tables: SharedTableNames;
}

/**
 * A query compiled once with placeholder parameters, run with fresh ones: the hot paths (get a
 * ticket, insert one) skip building and compiling a Kysely query on every call, and a driver
 * that caches prepared statements by SQL text (the SQLite store) reuses one statement.
 */
export function fixedQuery(query: CompiledQuery): (parameters: readonly unknown[]) => CompiledQuery {
  return (parameters) => ({ ...query, parameters });
}

/** A value now (a synchronous driver) or later (an asynchronous one). */
export type MaybePromise<T> = T | Promise<T>;

/**
 * `f(value)`, right away when `value` is already there: over a synchronous driver the shared
 * operations stay synchronous (no promise per call on the hot paths, and an operation's statements
 * run back to back with nothing in between); over an asynchronous one they chain as usual.
 */
export function after<T, U>(value: MaybePromise<T>, f: (value: T) => U | Promise<U>): MaybePromise<U> {
  return value instanceof Promise ? value.then(f) : f(value);
}

/** Runs `f`, mapping a synchronous throw or a rejection through `onError` (which rethrows). */
export function mapErrors<T>(f: () => MaybePromise<T>, onError: (error: unknown) => never): MaybePromise<T> {
  let result: MaybePromise<T>;
  try {
    result = f();
  } catch (error) {
    return onError(error);
  }
  return result instanceof Promise ? result.catch(onError) : result;
}
