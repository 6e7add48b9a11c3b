import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DirectoryStore, TicketStore } from '@tessera/core';
import { createPostgresStore } from '@tessera/store-postgres';
import { openSqliteStore } from '@tessera/store-sqlite';
import type { ServerConfig } from './config.js';

/** A store with its directory, migrated and ready. */
export type ServerStore = TicketStore & { directory: DirectoryStore };

/** Opens (and migrates) the configured database: SQLite by default, Postgres for `postgres://`. */
export async function openStore(config: ServerConfig): Promise<ServerStore> {
  if (config.database.kind === 'sqlite') {
    if (config.database.filename !== ':memory:') mkdirSync(dirname(config.database.filename), { recursive: true });
    return openSqliteStore({ filename: config.database.filename, cacheSizeKiB: config.database.cacheSizeKiB });
  }
  const store = createPostgresStore({ connectionString: config.database.url }, { schema: config.database.schema });
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
