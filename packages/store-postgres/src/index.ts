/**
 * @tessera/store-postgres — Tessera's `TicketStore` on PostgreSQL (Kysely over `pg`), for hosts
 * that run many app processes against one database.
 *
 * @example
 * ```ts
 * import { createTicketing } from '@tessera/core';
 * import { createPostgresStore } from '@tessera/store-postgres';
 *
 * const store = createPostgresStore({ connectionString: 'postgres://app@db/app' }, { schema: 'tessera' });
 * await store.migrate();
 * const ticketing = createTicketing({ store, directory: store.directory });
 * ```
 */
export { createPostgresStore, type PostgresStore, type PostgresStoreOptions } from './store.js';
export type { PostgresConnection } from './pool.js';
export { MIGRATION_TABLE, MIGRATION_LOCK_TABLE } from './migrate.js';
