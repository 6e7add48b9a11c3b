import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DirectoryStore, TicketStore } from '@tessera/core';
import { createPostgresStore } from '@tessera/store-postgres';
import { createSqliteStore, openSqliteStore } from '@tessera/store-sqlite';
import pg from 'pg';
import type { ServerConfig } from './config.js';
import { restrictDatabaseFiles } from './permissions.js';

/** A store with its directory, migrated and ready. */
export type ServerStore = TicketStore & { directory: DirectoryStore };

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /**
   * Apply pending migrations (default true). Worker processes pass false: the primary migrated
   * before forking them, so N processes do not queue on the schema lock at every start.
   */
  migrate?: boolean;
}

/**
 * Opens (and by default migrates) the configured database: SQLite by default, Postgres for
 * `postgres://` with a pool of `config.pgPoolSize` connections. A SQLite file's missing
 * directories are created 0700 and the database files made 0600 (existing ones included).
 */
export async function openStore(config: ServerConfig, options: OpenStoreOptions = {}): Promise<ServerStore> {
  const migrate = options.migrate ?? true;
  if (config.database.kind === 'sqlite') {
    const { filename, cacheSizeKiB } = config.database;
    const sqliteOptions = { filename, cacheSizeKiB, queryTimeoutMs: config.queryTimeoutMs, queryWorkers: config.queryWorkers };
    if (filename === ':memory:') return openSqliteStore(sqliteOptions);
    mkdirSync(dirname(filename), { recursive: true, mode: 0o700 });
    const store = migrate ? await openSqliteStore(sqliteOptions) : createSqliteStore(sqliteOptions);
    restrictDatabaseFiles(filename);
    return store;
  }
  const pool = new pg.Pool({
    connectionString: config.database.url,
    max: config.pgPoolSize,
    connectionTimeoutMillis: 5000,
    // The query budget: the server stops a statement past it (the store reports QueryTimeoutError → 503).
    ...(config.queryTimeoutMs > 0 && { statement_timeout: config.queryTimeoutMs }),
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const store = createPostgresStore({ pool }, { schema: config.database.schema, queryTimeoutMs: config.queryTimeoutMs });
  // The store leaves a pool it was given open; this one is ours to end.
  const close = async () => {
    try {
      await store.close();
    } finally {
      await pool.end();
    }
  };
  try {
    if (migrate) await store.migrate();
  } catch (error) {
    await close();
    throw error;
  }
  return { ...store, close };
}
