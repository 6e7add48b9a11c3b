import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createSqliteStore, migrationsFor, tableNames } from '@tessera/store-sqlite';

/** A temporary directory removed after the test file; returns a path maker inside it. */
export function useTempDir(prefix: string): (name: string) => string {
  const dir = mkdtempSync(join(tmpdir(), `tessera-sqlite-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name) => join(dir, name);
}

/**
 * Creates the database `filename` as a release ending at migration `last` left it: the migrations
 * up to `last` applied and recorded, none after (unlike running a newer migration's `down`, this
 * is the older schema itself).
 */
export async function databaseMigratedTo(filename: string, last: string, tablePrefix?: string): Promise<void> {
  const n = tableNames(tablePrefix);
  const migrations = migrationsFor(n);
  const store = createSqliteStore({ filename, tablePrefix });
  try {
    store.database.exec(`CREATE TABLE ${n.migrations} (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL) WITHOUT ROWID`);
    for (const name of Object.keys(migrations).sort().filter((m) => m <= last)) {
      await migrations[name]!.up(store.kysely);
      store.database.prepare(`INSERT INTO ${n.migrations} (name, applied_at) VALUES (?, ?)`).run(name, Date.now());
    }
  } finally {
    await store.close();
  }
}
