/**
 * @tessera/store-sqlite — Tessera's embedded store: Kysely + better-sqlite3, versioned
 * migrations, FTS5 trigram search, SQL statistics.
 *
 * @example
 * ```ts
 * import { createTicketing } from '@tessera/core';
 * import { openSqliteStore } from '@tessera/store-sqlite';
 * const store = await openSqliteStore({ filename: './tessera.db' }); // opens + migrates
 * const ticketing = createTicketing({ store });
 * ```
 */
export { createSqliteStore, openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './store.js';
export type { ConnectionOptions } from './connection.js';
export type { MigrationResult, SchemaState } from './migrate.js';
export { MIGRATIONS, MIGRATION_TABLE } from './migrations/index.js';
export { migrationsFor } from './migrations/index.js';
export { DEFAULT_TABLE_PREFIX, tableNames, type TableNames } from './names.js';
export type { Database } from './schema.js';
export { migrate } from './run-migrations.js';
