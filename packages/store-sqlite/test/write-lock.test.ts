import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBlobStore, createTicketing, StoreError, type Actor } from '@tessera/core';
import { openSqliteStore, type SqliteStore } from '@tessera/store-sqlite';
import { useTempDir } from './helpers.js';

// Another process holding the write lock: this store waits for it on timers, not in SQLite's
// busy handler (which would sleep the thread every request of the process runs on).

const file = useTempDir('write-lock');
let files = 0;
const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

async function setup(options: { busyTimeoutMs?: number } = {}) {
  const store: SqliteStore = await openSqliteStore({ filename: file(`w${++files}.db`), searchIndexMergeIdleMs: 0, ...options });
  open.push(store);
  const ticketing = createTicketing({ store, blobs: createMemoryBlobStore() });
  const customerId = (await store.directory.addCustomer({ name: 'Acme', email: 'a@acme.test' })).id;
  const actor: Actor = { id: (await store.directory.addUser({ name: 'Sam', email: 's@x.test', role: 'staff' })).id, role: 'staff' };
  const other = new Database(store.database.name);
  open.push(other);
  const create = (subject: string) => ticketing.tickets.create(actor, { subject, description: 'd', customerId });
  return { store, ticketing, actor, other, create };
}

describe('waiting for another connection’s write lock', () => {
  it('keeps the process answering, gathers the writes that arrive, and commits them once the lock is free', async () => {
    const { store, ticketing, actor, other, create } = await setup();
    await create('before');
    other.exec('BEGIN IMMEDIATE');
    let settled = 0;
    const first = [create('a'), create('b')].map((p) => p.finally(() => (settled += 1)));
    // Timers and reads run while the writes wait (SQLite's handler would hold the thread for
    // up to the 5 s busy timeout).
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(performance.now() - started).toBeLessThan(1000);
    const listed = await ticketing.tickets.list(actor, {});
    expect(listed.count).toBe(1);
    const later = create('c').finally(() => (settled += 1));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toBe(0);
    expect(store.database.inTransaction).toBe(false);
    other.exec('COMMIT');
    const tickets = await Promise.all([...first, later]);
    expect(tickets.map((t) => t.subject)).toEqual(['a', 'b', 'c']);
    expect(tickets.map((t) => t.ticketNumber)).toEqual(['TKT-000002', 'TKT-000003', 'TKT-000004']);
  });

  it('gives up after the busy timeout with a StoreError, leaving no transaction open', async () => {
    const { store, other, create } = await setup({ busyTimeoutMs: 50 });
    other.exec('BEGIN IMMEDIATE');
    const error = await create('late').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(String((error as Error).message)).toMatch(/beginning a write transaction/u);
    expect(store.database.inTransaction).toBe(false);
    expect(store.database.pragma('busy_timeout', { simple: true })).toBe(50);
    other.exec('ROLLBACK');
    expect((await create('now')).ticketNumber).toBe('TKT-000001');
  });
});
