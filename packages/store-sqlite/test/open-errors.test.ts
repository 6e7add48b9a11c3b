import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createMemoryBlobStore, createTicketing, StoreError } from '@tessera/core';
import { addCustomerAndStaff } from '@tessera/core/testing';
import { createSqliteStore, migrate, openSqliteStore } from '@tessera/store-sqlite';
import { useTempDir } from './helpers.js';

const path = useTempDir('errors');

/** Asserts a `StoreError` (not a native one) whose message names the path and the reason. */
function expectStoreError(fn: () => unknown, reason: RegExp, filename?: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(StoreError);
  expect((caught as Error).message).toMatch(reason);
  if (filename) expect((caught as Error).message).toContain(filename);
}

describe('opening bad databases', () => {
  it('a path in a directory that does not exist', () => {
    const file = path('no/such/dir/tessera.db');
    expectStoreError(() => createSqliteStore({ filename: file }), /directory does not exist/, file);
  });

  it('a file that is not a SQLite database', () => {
    const file = path('notes.txt');
    writeFileSync(file, 'These are meeting notes, not a database.\n'.repeat(200));
    expectStoreError(() => createSqliteStore({ filename: file }), /not a SQLite database.*SQLITE_NOTADB/, file);
  });

  it('a SQLite file whose header was overwritten', async () => {
    const file = path('bad-header.db');
    await migrate({ filename: file });
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(100, 0x5a), 0, 100, 0);
    closeSync(fd);
    expectStoreError(() => createSqliteStore({ filename: file }), /SQLite store \(opening/, file);
  });

  it('a SQLite file with corrupt pages fails its queries with StoreError, not a crash', async () => {
    const file = path('corrupt-pages.db');
    const seeded = await openSqliteStore({ filename: file });
    const t = createTicketing({ store: seeded, blobs: createMemoryBlobStore() });
    const { customer, staff } = await addCustomerAndStaff(seeded.directory);
    for (let i = 0; i < 200; i++) {
      await t.tickets.create({ id: staff.id, role: 'staff' }, { subject: `Ticket ${i}`, description: 'x'.repeat(500), customerId: customer.id });
    }
    seeded.database.pragma('wal_checkpoint(TRUNCATE)');
    await seeded.close();
    // Garbage over every page after the first (schema page stays readable).
    const fd = openSync(file, 'r+');
    const garbage = Buffer.alloc(4096 * 40, 0xa5);
    writeSync(fd, garbage, 0, garbage.length, 4096 * 2);
    closeSync(fd);
    let store;
    try {
      store = createSqliteStore({ filename: file });
    } catch (error) {
      expect(error).toBeInstanceOf(StoreError);
      return;
    }
    const attempt = store.listTickets({
      filter: {},
      ordering: { field: 'created_at', direction: 'desc' },
      page: { offset: 0, limit: 25 },
      now: new Date(),
    });
    await expect(attempt).rejects.toBeInstanceOf(StoreError);
    await expect(attempt).rejects.toThrow(/corrupt|not a database/);
    await store.close();
  });

  it('a read-only database: reads work, writes fail with a clear StoreError and write nothing', async () => {
    const file = path('readonly.db');
    const writer = await openSqliteStore({ filename: file });
    await writer.directory.addCustomer({ name: 'Acme', email: 'a@acme.test' });
    await writer.close();
    const db = new Database(file, { readonly: true });
    const store = createSqliteStore({ database: db });
    expect(await store.directory.getCustomers([1])).toHaveLength(1);
    const write = store.transaction(async (tx) => tx.allocateTicketSequence());
    await expect(write).rejects.toBeInstanceOf(StoreError);
    await expect(write).rejects.toThrow(/read-only/);
    await expect(store.directory.addCustomer({ name: 'B', email: 'b@b.test' })).rejects.toThrow(/read-only/);
    expect(await store.directory.searchCustomers('', { limit: 10 })).toHaveLength(1);
    await store.close();
    db.close();
  });

  // Root ignores file modes, so as root the file is made immutable (chattr +i) instead.
  const asRoot = process.getuid?.() === 0;
  const canChattr = (() => {
    if (!asRoot) return true;
    try {
      execFileSync('chattr', ['--help'], { stdio: 'ignore' });
      return true;
    } catch (error) {
      return (error as { status?: number }).status !== undefined; // ran, just printed usage
    }
  })();
  it.skipIf(!canChattr)('a read-only database file (skipped as root without chattr): clear StoreError on writes', async () => {
    const file = path('readonly-file.db');
    const writer = await openSqliteStore({ filename: file });
    await writer.directory.addCustomer({ name: 'Acme', email: 'a@acme.test' });
    writer.database.pragma('wal_checkpoint(TRUNCATE)');
    await writer.close();
    const protect = (on: boolean) =>
      asRoot ? execFileSync('chattr', [on ? '+i' : '-i', file]) : chmodSync(file, on ? 0o444 : 0o644);
    protect(true);
    try {
      let store;
      try {
        store = createSqliteStore({ filename: file });
      } catch (error) {
        expect(error).toBeInstanceOf(StoreError);
        expect((error as Error).message).toMatch(/read-only|cannot be opened/);
        return;
      }
      expect(await store.directory.getCustomers([1])).toHaveLength(1);
      const write = store.directory.addCustomer({ name: 'B', email: 'b@b.test' });
      await expect(write).rejects.toBeInstanceOf(StoreError);
      await expect(write).rejects.toThrow(/read-only/);
      await store.close();
    } finally {
      protect(false);
    }
  });

  it('a closed store says so', async () => {
    const store = await openSqliteStore({ filename: ':memory:' });
    await store.close();
    await expect(store.getTicket(1)).rejects.toThrow(/closed/);
    await expect(store.transaction(async () => 1)).rejects.toThrow(/closed/);
  });
});
