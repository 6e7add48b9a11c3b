import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DirectoryStore, TicketStore } from '@tessera/core';
import { createPostgresStore } from '@tessera/store-postgres';
import { openSqliteStore } from '@tessera/store-sqlite';
import type { ServerConfig } from './config.js';
import { restrictDatabaseFiles } from './permissions.js';

/** A store with its directory, migrated and ready. */
export type ServerStore = TicketStore & { directory: DirectoryStore };

/**
 * Opens (and migrates) the configured database: SQLite by default, Postgres for `postgres://`.
 * A SQLite file's missing directories are created 0700 and the database files made 0600 (existing
 * ones included).
 */
export async function openStore(config: ServerConfig): Promise<ServerStore> {
  if (config.database.kind === 'sqlite') {
    const { filename } = config.database;
    const options = { filename, cacheSizeKiB: config.database.cacheSizeKiB, queryTimeoutMs: config.queryTimeoutMs };
    if (filename === ':memory:') return openSqliteStore(options);
    mkdirSync(dirname(filename), { recursive: true, mode: 0o700 });
    const store = await openSqliteStore(options);
    restrictDatabaseFiles(filename);
    return store;
  }
  const store = createPostgresStore(
    { connectionString: config.database.url },
    { schema: config.database.schema, queryTimeoutMs: config.queryTimeoutMs },
  );
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
