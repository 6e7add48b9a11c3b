import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { toStoreError } from './errors.js';

/** Connection settings shared by {@link openDatabase} and {@link configureDatabase}. */
export interface ConnectionOptions {
  /** How long a write waits for another process's write lock, in ms. Default 5000. */
  busyTimeoutMs?: number;
  /** SQLite page cache size in KiB, per connection. Default 65536 (64 MiB). */
  cacheSizeKiB?: number;
}

/**
 * Applies the settings the store relies on: WAL (readers never block the writer), foreign keys
 * (cascading deletes), `synchronous = NORMAL` (durable against process crashes; in WAL mode a
 * power loss can drop at most the last commits, never corrupt), and a busy timeout so a write
 * waits for another process's lock instead of failing.
 */
export function configureDatabase(db: BetterSqlite3.Database, options: ConnectionOptions = {}): void {
  setBusyTimeout(db, options);
  // The first statement reads the file header: a foreign or corrupt file fails here.
  const mode = db.pragma('journal_mode = WAL', { simple: true }) as string;
  if (mode !== 'wal' && mode !== 'memory') {
    throw new Error(`could not switch the database to WAL mode (journal_mode is "${mode}")`);
  }
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  setCacheSize(db, options);
}

/** Default page cache of a connection, KiB. */
export const DEFAULT_CACHE_SIZE_KIB = 65536;

/** How long a write waits for another connection's write lock, ms (default 5000). */
export function busyTimeoutOf(options: ConnectionOptions): number {
  return Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000));
}

function setBusyTimeout(db: BetterSqlite3.Database, options: ConnectionOptions): void {
  db.pragma(`busy_timeout = ${busyTimeoutOf(options)}`);
}

/** The page cache size, at least 1 MiB. */
function setCacheSize(db: BetterSqlite3.Database, options: ConnectionOptions): void {
  db.pragma(`cache_size = -${Math.max(1024, Math.trunc(options.cacheSizeKiB ?? DEFAULT_CACHE_SIZE_KIB))}`);
}

/**
 * Opens `filename` (or `:memory:`) and configures it. Any failure — missing directory, a file
 * that is not a SQLite database, a read-only file — becomes a `StoreError` naming the path,
 * and the half-opened handle is closed.
 */
export function openDatabase(filename: string, options: ConnectionOptions = {}): BetterSqlite3.Database {
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new Database(filename);
    configureDatabase(db, options);
    return db;
  } catch (error) {
    try {
      db?.close();
    } catch {
      // Closing a handle that failed to open can fail too; the original error is what matters.
    }
    throw toStoreError(error, `opening ${JSON.stringify(filename)}`);
  }
}

/**
 * A read-only second connection on a file another connection of this process has opened and
 * configured (WAL): it sees what is committed and never takes the write lock.
 */
export function openReader(filename: string, options: ConnectionOptions = {}): BetterSqlite3.Database {
  const db = new Database(filename, { readonly: true, fileMustExist: true });
  try {
    setBusyTimeout(db, options);
    setCacheSize(db, options);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
