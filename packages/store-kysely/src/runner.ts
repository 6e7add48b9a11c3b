import type { CompiledQuery, Kysely } from 'kysely';
import type { StoreDialect } from './dialect.js';
import type { SharedTableNames } from './tables.js';

/**
 * Runs one compiled query on the connection the caller is on (the pool, or a transaction's
 * connection) and returns its rows. A synchronous driver (better-sqlite3) may return the rows
 * directly: the shared queries `await` either. Statements are run as given, one each, so a
 * read is one statement and sees one snapshot.
 */
export interface SqlRunner {
  rows<R>(query: CompiledQuery): R[] | Promise<R[]>;
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
