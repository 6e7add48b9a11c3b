import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryBlobStore, createTicketing, type Actor, type TicketStatistics } from '@tessera/core';
import { newTicket } from '@tessera/core/testing';
import { openSqliteStore, type SqliteStore } from '@tessera/store-sqlite';
import { readOncePerChange } from '../src/queries/unchanged-reads.js';
import { contextOf, useTempDir } from './helpers.js';

// Statistics read the running totals once per database state. Every way the data can change
// must show in the next statistics: a write of this store, a write of another connection or
// process, a write through the store's own handle, a rolled-back write.
const path = useTempDir('unchanged');
let first: SqliteStore;
let second: SqliteStore;
let staff: Actor;
let customerId: number;

beforeEach(async () => {
  const file = path(`shared-${Math.random().toString(36).slice(2)}.db`);
  first = await openSqliteStore({ filename: file });
  second = await openSqliteStore({ filename: file });
  customerId = (await first.directory.addCustomer({ name: 'Acme', email: 'a@acme.test' })).id;
  staff = { id: (await first.directory.addUser({ name: 'Sam', email: 's@x.test', role: 'staff' })).id, role: 'staff' };
});
afterEach(async () => {
  await second.close();
  await first.close();
});

describe('reads kept per database state', () => {
  it('runs the read once while nothing changes, again after any write, and keys results apart', () => {
    const ctx = contextOf(first);
    let reads = 0;
    const read = (key = 'a') => readOncePerChange(ctx, key, () => ++reads);
    expect([read(), read(), read()]).toEqual([1, 1, 1]);
    expect(read('b')).toBe(2);
    first.database.prepare('UPDATE tessera_customers SET name = name').run(); // this connection
    expect(read()).toBe(3);
    second.database.prepare('UPDATE tessera_customers SET name = name').run(); // another connection
    expect(read()).toBe(4);
    first.database.exec('BEGIN IMMEDIATE');
    expect([read(), read()]).toEqual([5, 6]); // inside a write transaction: read every time
    first.database.exec('ROLLBACK');
    expect(read()).toBe(4); // nothing was written
    first.database.exec('BEGIN IMMEDIATE');
    first.database.prepare('UPDATE tessera_customers SET name = name').run();
    expect(read()).toBe(7);
    first.database.exec('ROLLBACK');
    expect(read()).toBe(8); // the rolled-back write counts as a change
    expect(read()).toBe(8);
  });

  it('statistics follow writes of the store, of another store on the file, and through the raw handle', async () => {
    const a = createTicketing({ store: first, blobs: createMemoryBlobStore() });
    const b = createTicketing({ store: second, blobs: createMemoryBlobStore() });
    const totals = async (stats: Promise<TicketStatistics>) => {
      const s = await stats;
      return [s.totalTickets, s.byStatus.new, s.byPriority.high];
    };
    const create = (t: typeof a, priority: 'high' | 'low') => t.tickets.create(staff, { subject: 's', description: 'd', customerId, priority });
    expect(await totals(a.tickets.statistics(staff))).toEqual([0, 0, 0]);
    await create(a, 'high');
    expect(await totals(a.tickets.statistics(staff))).toEqual([1, 1, 1]);
    expect(await totals(a.tickets.statistics(staff, { priority: 'high' }))).toEqual([1, 1, 1]);
    await create(b, 'high');
    expect(await totals(a.tickets.statistics(staff))).toEqual([2, 2, 2]);
    expect(await totals(a.tickets.statistics(staff, { priority: 'high' }))).toEqual([2, 2, 2]);
    await create(a, 'low');
    expect(await totals(b.tickets.statistics(staff))).toEqual([3, 3, 2]);
    first.database.prepare(`UPDATE tessera_tickets SET priority = 'low', priority_rank = 1 WHERE id = 1`).run();
    expect(await totals(a.tickets.statistics(staff))).toEqual([3, 3, 1]);
    expect(await totals(a.tickets.statistics(staff, { priority: 'high' }))).toEqual([1, 1, 1]);
    // A write transaction that fails leaves the totals as they were.
    await expect(
      first.transaction(async (tx) => {
        await tx.updateTicket(2, { priority: 'low' });
        const inside = await tx.statistics({}, { now: new Date(), mine: { assignedToId: staff.id } });
        expect(inside.byPriority.high ?? 0).toBe(0);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await totals(a.tickets.statistics(staff))).toEqual([3, 3, 1]);
  });

  it('overdue follows the clock between writes: the next due date passing, or the clock going back', async () => {
    const t0 = Date.UTC(2026, 5, 1, 12);
    const dueIn = (ms: number) => new Date(t0 + ms);
    await first.transaction(async (tx) => {
      await tx.insertTicket(newTicket(await tx.allocateTicketSequence(), { customerId, dueDate: dueIn(-5_000), status: 'open' }));
      await tx.insertTicket(newTicket(await tx.allocateTicketSequence(), { customerId, dueDate: dueIn(1_000), status: 'open' }));
      await tx.insertTicket(newTicket(await tx.allocateTicketSequence(), { customerId, dueDate: dueIn(1_000), status: 'resolved' }));
      await tx.insertTicket(newTicket(await tx.allocateTicketSequence(), { customerId, dueDate: dueIn(60_000), status: 'new', assignedToId: staff.id }));
    });
    const overdueAt = async (ms: number, filter = {}) =>
      (await first.statistics(filter, { now: new Date(t0 + ms), mine: { assignedToId: staff.id } })).overdueCount;
    expect(await overdueAt(0)).toBe(1);
    expect(await overdueAt(999)).toBe(1);
    expect(await overdueAt(1_000)).toBe(1); // due at 1,000: overdue only once the clock is past it
    expect(await overdueAt(1_001)).toBe(2);
    expect(await overdueAt(30_000)).toBe(2);
    expect(await overdueAt(60_001)).toBe(3);
    expect(await overdueAt(0)).toBe(1); // the clock went back
    // Counted afresh exactly at a due date: that ticket is next to pass.
    await first.transaction(async (tx) => void (await tx.updateTicket(4, { subject: 'changed' })));
    expect(await overdueAt(1_000)).toBe(1);
    expect(await overdueAt(1_001)).toBe(2);
    expect(await overdueAt(60_001, { status: 'open' })).toBe(2);
    expect(await overdueAt(0, { status: 'open' })).toBe(1);
    // "Mine" per caller.
    const mine = async (assignedToId: number) => (await first.statistics({}, { now: new Date(t0), mine: { assignedToId } })).myTicketsCount;
    expect([await mine(staff.id), await mine(staff.id + 1), await mine(staff.id)]).toEqual([1, 0, 1]);
    await first.transaction(async (tx) => void (await tx.updateTicket(1, { assignedToId: staff.id })));
    expect(await mine(staff.id)).toBe(2);
  });
});
