import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createMemoryBlobStore, createTicketing, type Actor, type Ticketing } from '@tessera/core';
import { createSqliteStore, migrationsFor, openSqliteStore, tableNames, type SqliteStore } from '@tessera/store-sqlite';
import { SqlContext } from '../src/queries/context.js';

/** A temporary directory removed after the test file; returns a path maker inside it. */
export function useTempDir(prefix: string): (name: string) => string {
  const dir = mkdtempSync(join(tmpdir(), `tessera-sqlite-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name) => join(dir, name);
}

/** A store's query context (its connection and Kysely, default table names), as the store builds its own. */
export function contextOf(store: SqliteStore): SqlContext {
  return new SqlContext(store.database, store.kysely, tableNames());
}

/** An in-memory store and its query context, opened before the test file and closed after it. */
export function useMemoryStore(): { store: SqliteStore; ctx: SqlContext } {
  const db = {} as { store: SqliteStore; ctx: SqlContext };
  beforeAll(async () => {
    db.store = await openSqliteStore({ filename: ':memory:' });
    db.ctx = contextOf(db.store);
  });
  afterAll(() => db.store.close());
  return db;
}

/** A fresh in-memory store with the service over it, one staff user and one customer (close the store after). */
export async function openTicketingStore(): Promise<{ store: SqliteStore; ticketing: Ticketing; actor: Actor; customerId: number }> {
  const store = await openSqliteStore({ filename: ':memory:' });
  const ticketing = createTicketing({ store, blobs: createMemoryBlobStore() });
  const customerId = (await store.directory.addCustomer({ name: 'Acme', email: 'a@acme.test' })).id;
  const actor: Actor = { id: (await store.directory.addUser({ name: 'Sam', email: 's@x.test', role: 'staff' })).id, role: 'staff' };
  return { store, ticketing, actor, customerId };
}

/** SQLite's plan for a compiled statement, one line per step (`EXPLAIN QUERY PLAN`'s `detail`). */
export function queryPlan(store: SqliteStore, compiled: { sql: string; parameters: readonly unknown[] }): string[] {
  const rows = store.database.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...compiled.parameters) as { detail: string }[];
  return rows.map((r) => r.detail);
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
