import type BetterSqlite3 from 'better-sqlite3';
import { createSqliteStore, type SqliteStoreOptions } from './store.js';
import type { MigrationResult } from './migrate.js';

/**
 * Applies pending migrations to a database file or connection and closes what it opened.
 * Re-running is a no-op; a newer schema than this code knows is a `StoreError`.
 */
export async function migrate(
  target: { filename: string } | { database: BetterSqlite3.Database },
  options: Omit<SqliteStoreOptions, 'filename' | 'database'> = {},
): Promise<MigrationResult> {
  const store = createSqliteStore({ ...options, ...target } as SqliteStoreOptions);
  try {
    return await store.migrate();
  } finally {
    await store.close();
  }
}
