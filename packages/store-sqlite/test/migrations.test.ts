import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreError } from '@tessera/core';
import { createSqliteStore, migrate, MIGRATION_TABLE, MIGRATIONS, openSqliteStore } from '@tessera/store-sqlite';
import { useTempDir } from './helpers.js';

const path = useTempDir('migrations');
const known = Object.keys(MIGRATIONS).sort();

describe('migrations', () => {
  it('a fresh database reports every migration pending and refuses queries until migrated', async () => {
    const store = createSqliteStore({ filename: path('fresh.db') });
    expect(store.schemaState()).toEqual({ applied: [], pending: known, unknown: [] });
    await expect(store.getTicket(1)).rejects.toThrow(StoreError);
    await expect(store.getTicket(1)).rejects.toThrow(/not migrated.*migrate\(\)/);
    await expect(store.directory.countUsers()).rejects.toThrow(/not migrated/);
    await expect(store.transaction(async () => 1)).rejects.toThrow(/not migrated/);
    expect(await store.migrate()).toEqual({ applied: known });
    expect(await store.getTicket(1)).toBeNull();
    await store.close();
  });

  it('re-running migrations is a no-op that keeps the data', async () => {
    const file = path('rerun.db');
    const store = await openSqliteStore({ filename: file });
    const customer = await store.directory.addCustomer({ name: 'Acme', email: 'a@acme.test' });
    expect(await store.migrate()).toEqual({ applied: [] });
    await store.close();
    expect(await migrate({ filename: file })).toEqual({ applied: [] });
    const again = createSqliteStore({ filename: file });
    expect(again.schemaState().pending).toEqual([]);
    expect(await again.directory.getCustomers([customer.id])).toEqual([customer]);
    await again.close();
  });

  it('records migrations in its own table', async () => {
    const store = await openSqliteStore({ filename: ':memory:' });
    const names = store.database.prepare(`SELECT name FROM ${MIGRATION_TABLE} ORDER BY name`).pluck().all();
    expect(names).toEqual(known);
    await store.close();
  });

  it('a schema newer than the code is a clear error, before any query runs', async () => {
    const file = path('newer.db');
    await migrate({ filename: file });
    const db = new Database(file);
    db.prepare(`INSERT INTO ${MIGRATION_TABLE} (name, applied_at) VALUES ('9999-from-the-future', 0)`).run();
    db.close();
    expect(() => createSqliteStore({ filename: file })).toThrow(StoreError);
    expect(() => createSqliteStore({ filename: file })).toThrow(/newer than this version.*9999-from-the-future/);
    await expect(migrate({ filename: file })).rejects.toThrow(/newer than this version/);
  });

  it('refuses to migrate a database whose tickets table Tessera did not create', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE tessera_tickets (id INTEGER PRIMARY KEY, title TEXT)');
    const store = createSqliteStore({ database: db });
    await expect(store.migrate()).rejects.toThrow(/not created by Tessera/);
    // Nothing was left behind: the failed migration rolled back entirely.
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = ?`).get(MIGRATION_TABLE)).toBeUndefined();
    await store.close();
    expect(db.open).toBe(true); // a handle the caller passed stays the caller's
    db.close();
  });

  it('down migrations remove everything up created', async () => {
    const store = await openSqliteStore({ filename: ':memory:' });
    for (const name of [...known].reverse()) await MIGRATIONS[name]!.down!(store.kysely);
    const left = store.database
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> ?`)
      .pluck()
      .all(MIGRATION_TABLE);
    expect(left).toEqual([]);
    await store.close();
  });
});
