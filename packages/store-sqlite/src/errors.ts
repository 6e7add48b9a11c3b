import { StoreError, TesseraError } from '@tessera/core';

/** The shape of better-sqlite3's `SqliteError`: a native error with an `SQLITE_*` code. */
export interface SqliteErrorLike extends Error {
  code: string;
}

/** Whether `error` came from SQLite (better-sqlite3 sets `code` to `SQLITE_*`). */
export function isSqliteError(error: unknown): error is SqliteErrorLike {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

/** Whether `error` is a UNIQUE/PRIMARY KEY violation. */
export function isUniqueViolation(error: unknown): boolean {
  return isSqliteError(error) && (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY');
}

/** Whether `error` is a FOREIGN KEY violation. */
export function isForeignKeyViolation(error: unknown): boolean {
  return isSqliteError(error) && error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** A sentence explaining a native SQLite error code to whoever runs the host. */
function explain(code: string): string | null {
  if (code === 'SQLITE_NOTADB') return 'the file is not a SQLite database';
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_')) return 'the database file is corrupt';
  if (code.startsWith('SQLITE_READONLY')) return 'the database is read-only (check file and directory permissions)';
  if (code.startsWith('SQLITE_CANTOPEN')) return 'the database file cannot be opened (missing directory or no permission)';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return 'the database stayed locked by another connection longer than the busy timeout';
  if (code === 'SQLITE_FULL') return 'the disk is full';
  if (code.startsWith('SQLITE_IOERR')) return 'a disk I/O error occurred';
  if (code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) return 'access to the database was denied';
  return null;
}

/**
 * Turns whatever a database call threw into a typed error: Tessera's own errors pass through,
 * native SQLite and driver errors become a `StoreError` that names the database and keeps the
 * original as `cause`.
 */
export function toStoreError(error: unknown, where: string): Error {
  if (error instanceof TesseraError) return error;
  if (isSqliteError(error)) {
    const reason = explain(error.code) ?? error.message;
    return new StoreError(`SQLite store (${where}): ${reason} [${error.code}].`, { cause: error });
  }
  // better-sqlite3 reports a missing directory as a plain TypeError before SQLite is involved.
  const message = error instanceof Error ? error.message : String(error);
  return new StoreError(`SQLite store (${where}): ${message}`, { cause: error });
}
