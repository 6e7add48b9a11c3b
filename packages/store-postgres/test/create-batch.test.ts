import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ConflictError, formatTicketNumber, StoreError, type TicketStoreTx } from '@tessera/core';
import { newTicket } from '@tessera/core/testing';
import { createPostgresStore, type PostgresStore } from '../src/index.js';
import { pgAvailable, recordingPool, useTestSchema } from './pg-test-schema.js';

/** A store over a pool whose clients record every message they send. */
function recordingStore(schema: string, log: string[]): { store: PostgresStore; pool: pg.Pool } {
  const pool = recordingPool(log, 8);
  return { store: createPostgresStore({ pool }, { schema }), pool };
}

const createIn = async (tx: TicketStoreTx, subject: string) => {
  const ticket = await tx.insertTicket(newTicket(await tx.allocateTicketSequence(), { subject }));
  await tx.insertHistory([
    { ticketId: ticket.id, userId: 1, action: 'created', fieldName: null, oldValue: null, newValue: ticket.ticketNumber, timestamp: ticket.createdAt, isInternal: false },
  ]);
  return ticket;
};
const grouped = { createsTicket: true } as const;
const commits = (log: string[]) => log.filter((text) => /(^|; )commit$/u.test(text)).length;

describe.skipIf(!pgAvailable)('postgres store: creates grouped under one COMMIT', () => {
  const db = useTestSchema('create_batch');

  it('concurrent creates share one transaction and a few messages; numbers follow ids', async () => {
    await (await db.fresh()).close();
    const log: string[] = [];
    const { store, pool } = recordingStore(db.schema, log);
    try {
      const tickets = await Promise.all(Array.from({ length: 16 }, (_, i) => store.transaction((tx) => createIn(tx, `together ${i}`), grouped)));
      // One transaction: a BEGIN carrying the first draw, at most one more draw for those that
      // asked while it ran, and every INSERT with the COMMIT.
      expect(commits(log), log.join('\n')).toBe(1);
      const draws = log.filter((text) => text.includes('counters set value = value +')).length;
      expect(draws).toBeGreaterThanOrEqual(1);
      expect(draws).toBeLessThanOrEqual(2);
      expect(log.length).toBe(draws + 1);
      const byId = [...tickets].sort((a, b) => a.id - b.id);
      expect(byId.map((t) => t.sequence)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
      for (const t of tickets) expect(await store.getTicket(t.id)).toEqual(t);
      const history = await store.listHistory({ includeInternal: true });
      expect(history.count).toBe(16);
      // A lone create: two messages, as without grouping.
      log.length = 0;
      await store.transaction((tx) => createIn(tx, 'alone'), grouped);
      expect(log).toHaveLength(2);
      expect(log[0]).toMatch(/^begin; with counter as \(update/u);
      expect(log[1]).toMatch(/; commit$/u);
    } finally {
      await store.close();
      await pool.end();
    }
  });

  it('a create whose INSERT fails at COMMIT fails alone, with its own error; the rest commit gapless', async () => {
    const store = await db.fresh();
    const [first] = await Promise.all([store.transaction((tx) => createIn(tx, 'first'), grouped)]);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        store.transaction(async (tx) => {
          if (i !== 3) return createIn(tx, `batch ${i}`);
          // Takes a number, then writes a ticket under the first ticket's number: refused only
          // when the queued INSERT reaches the server with the COMMIT.
          const sequence = await tx.allocateTicketSequence();
          return tx.insertTicket(newTicket(sequence, { ticketNumber: first!.ticketNumber, subject: 'duplicate' }));
        }, grouped),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((outcomes[3] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    const all = await store.listTickets({ filter: {}, ordering: { field: 'created_at', direction: 'asc' }, page: { offset: 0, limit: 50 }, now: new Date() });
    expect(all.count).toBe(8);
    expect(all.rows.map((t) => t.subject)).not.toContain('duplicate');
    expect(all.rows.map((t) => t.sequence).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect((await store.listHistory({ includeInternal: true })).count).toBe(8);
    const next = await store.transaction((tx) => createIn(tx, 'next'), grouped);
    expect(next.ticketNumber).toBe(formatTicketNumber(9));
  });

  it('a create that throws fails alone; a nested transaction inside a grouped one is refused', async () => {
    const store = await db.fresh();
    let runs = 0;
    const outcomes = await Promise.allSettled([
      store.transaction((tx) => createIn(tx, 'a'), grouped),
      store.transaction(async (tx) => {
        runs++;
        await createIn(tx, 'thrower');
        throw new Error('nope');
      }, grouped),
      store.transaction(async (tx) => {
        await createIn(tx, 'nester');
        return store.transaction((inner) => createIn(inner, 'inner'), grouped);
      }, grouped),
      store.transaction((tx) => createIn(tx, 'b'), grouped),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('nope'));
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(StoreError);
    // Its batch failed, so it ran once there and once on its own, as the port allows.
    expect(runs).toBe(2);
    const subjects = (await store.listTickets({ filter: {}, ordering: { field: 'created_at', direction: 'asc' }, page: { offset: 0, limit: 50 }, now: new Date() })).rows.map((t) => [t.sequence, t.subject]);
    expect(subjects.map(([, subject]) => subject).sort()).toEqual(['a', 'b']);
    expect(subjects.map(([sequence]) => sequence).sort()).toEqual([1, 2]);
  });
});
