import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketFilter, type TicketPriority, type TicketStatus } from '@tessera/core';
import type { PostgresStore } from '../src/index.js';
import { newTicket } from './fixtures.js';
import { PG_URL, pgAvailable, useTestSchema } from './pg-test-schema.js';

const CATEGORIES = ['technical', 'billing', 'bug'];
const NOW = new Date('2024-06-01T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let state = 7;
const rand = () => ((state = (state * 48271) % 2147483647) / 2147483647);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

describe.skipIf(!pgAvailable)('postgres store: ticket_counts stay exact', () => {
  const db = useTestSchema('counts');

  /** Random creates, updates, deletes and rolled-back writes from two stores at once. */
  async function churn(stores: PostgresStore[], rounds: number) {
    await Promise.all(
      stores.map(async (store) => {
        for (let i = 0; i < rounds; i++) {
          const op = rand();
          await store
            .transaction(async (tx) => {
              if (op < 0.4) {
                const created = new Date(NOW.getTime() - rand() * 1e9);
                const resolved = rand() < 0.3;
                await tx.insertTicket(
                  newTicket(await tx.allocateTicketSequence(), {
                    status: resolved ? 'resolved' : pick(['new', 'open', 'pending'] as TicketStatus[]),
                    priority: pick(TICKET_PRIORITIES),
                    category: pick(CATEGORIES),
                    assignedToId: rand() < 0.3 ? null : 5,
                    createdAt: created,
                    resolvedAt: resolved ? new Date(created.getTime() + rand() * 1e8) : null,
                  }),
                );
              } else {
                const page = await tx.listTickets({ filter: {}, ordering: { field: 'created_at', direction: 'asc' }, page: { offset: 0, limit: 500 }, now: NOW });
                if (page.rows.length === 0) return;
                const target = await tx.lockTicket(pick(page.rows).id);
                if (!target) return;
                if (op < 0.5) await tx.deleteTicket(target.id);
                else if (op < 0.6) {
                  await tx.updateTicket(target.id, { status: 'resolved', resolvedAt: new Date(target.createdAt.getTime() + 3_600_000) });
                } else if (op < 0.7) await tx.updateTicket(target.id, { status: 'reopened', resolvedAt: null });
                else if (op < 0.8) await tx.updateTicket(target.id, { priority: pick(TICKET_PRIORITIES), category: pick(CATEGORIES) });
                else if (op < 0.9) await tx.updateTicket(target.id, { assignedToId: target.assignedToId === null ? 9 : null });
                else await tx.updateTicket(target.id, { subject: `edited ${i}` });
              }
              if (rand() < 0.15) throw new Error('rollback');
            })
            .catch((error: Error) => {
              if (error.message !== 'rollback') throw error;
            });
        }
      }),
    );
  }

  async function verify(store: PostgresStore) {
    const all = (await store.listTickets({ filter: { createdById: 10 }, ordering: { field: 'created_at', direction: 'asc' }, page: { offset: 0, limit: 10_000 }, now: NOW })).rows;
    const filters: TicketFilter[] = [
      {},
      { unassigned: true },
      ...TICKET_STATUSES.map((status) => ({ status })),
      ...TICKET_PRIORITIES.map((priority: TicketPriority) => ({ priority, unassigned: true })),
      ...CATEGORIES.map((category) => ({ category, status: 'resolved' as const })),
      // Creation windows: whole days from ticket_day_counts, partial edge days from the tickets.
      { createdAfter: new Date(NOW.getTime() - 9.3 * DAY), createdBefore: new Date(NOW.getTime() - 2.1 * DAY) },
      { createdAfter: new Date('2024-05-24T00:00:00Z'), createdBefore: new Date('2024-05-30T00:00:00Z') },
      { createdAfter: new Date(NOW.getTime() - 8 * DAY + 5 * HOUR) },
      { createdBefore: new Date(NOW.getTime() - 4 * DAY + 3 * HOUR), status: 'resolved' },
      { createdAfter: new Date(NOW.getTime() - 11 * DAY - HOUR), createdBefore: new Date(NOW.getTime() - DAY), unassigned: true, priority: 'high' },
      { createdAfter: new Date(NOW.getTime() - 7 * DAY), createdBefore: new Date(NOW.getTime() - 6 * DAY) },
    ];
    for (const filter of filters) {
      const expected = all.filter(
        (t) =>
          (filter.status === undefined || t.status === filter.status) &&
          (filter.priority === undefined || t.priority === filter.priority) &&
          (filter.category === undefined || t.category === filter.category) &&
          (filter.unassigned !== true || t.assignedToId === null) &&
          (filter.createdAfter === undefined || t.createdAt >= filter.createdAfter) &&
          (filter.createdBefore === undefined || t.createdAt <= filter.createdBefore),
      );
      const page = await store.listTickets({ filter, ordering: { field: 'created_at', direction: 'desc' }, page: { offset: 0, limit: 1 }, now: NOW });
      expect(page.count, JSON.stringify(filter)).toBe(expected.length);
      const stats = await store.statistics(filter, { now: NOW, mine: { assignedToId: 5 } });
      expect(stats.total).toBe(expected.length);
      expect(stats.unassignedCount).toBe(expected.filter((t) => t.assignedToId === null).length);
      expect(stats.myTicketsCount).toBe(expected.filter((t) => t.assignedToId === 5).length);
      for (const status of TICKET_STATUSES) {
        expect(stats.byStatus[status] ?? 0).toBe(expected.filter((t) => t.status === status).length);
      }
      const resolved = expected.filter((t) => t.resolvedAt);
      const avg = resolved.length
        ? resolved.reduce((s, t) => s + (t.resolvedAt!.getTime() - t.createdAt.getTime()), 0) / resolved.length / 3_600_000
        : null;
      if (avg === null) expect(stats.avgResolutionTimeHours).toBeNull();
      else expect(stats.avgResolutionTimeHours).toBeCloseTo(avg, 6);
      // The same statistics read ticket by ticket (every ticket here has creator 10, which no running total answers).
      const scanned = await store.statistics({ ...filter, createdById: 10 }, { now: NOW, mine: { assignedToId: 5 } });
      expect({ filter, ...stats, avgResolutionTimeHours: null }).toEqual({ filter, ...scanned, avgResolutionTimeHours: null });
    }
    return all.length;
  }

  it('through concurrent creates, updates, deletes, rollbacks and compaction', async () => {
    const first = await db.fresh();
    const second = db.store();
    await churn([first, second], 60);
    const live = await verify(first);
    expect(live).toBeGreaterThan(5);

    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      const before = (await admin.query(`select count(*)::int as n from "${db.schema}".ticket_counts`)).rows[0].n;
      await admin.query(`select "${db.schema}".compact_ticket_counts()`);
      const after = (await admin.query(`select count(*)::int as n from "${db.schema}".ticket_counts`)).rows[0].n;
      expect(after).toBeLessThan(before);
      expect(after).toBeLessThanOrEqual(TICKET_STATUSES.length * TICKET_PRIORITIES.length * CATEGORIES.length * 2);
      await verify(first);
      await churn([first, second], 30);
      await verify(second);
    } finally {
      await admin.end();
    }
  }, 60_000);

  it('a read that sums many deltas folds them together, and the count stays exact', async () => {
    const store = await db.fresh();
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    const table = `"${db.schema}".ticket_counts`;
    try {
      // 1,200 single-row statements: one delta row each.
      await admin.query('begin');
      for (let i = 1; i <= 1200; i++) {
        await admin.query(
          `insert into "${db.schema}".tickets (sequence, ticket_number, subject, description, status, priority, priority_rank,
             category, customer_id, created_by_id, created_at, updated_at)
           values ($1, $2, 's', 'd', $3, 'low', 1, 'bug', 1, 1, now(), now())`,
          [i, `T-${i}`, i % 3 === 0 ? 'open' : 'new'],
        );
      }
      await admin.query('commit');
      expect((await admin.query(`select count(*)::int as n from ${table}`)).rows[0].n).toBe(1200);
      const page = await store.listTickets({ filter: {}, ordering: { field: 'created_at', direction: 'desc' }, page: { offset: 0, limit: 5 }, now: NOW });
      expect(page.count).toBe(1200);
      expect((await admin.query(`select count(*)::int as n from ${table}`)).rows[0].n).toBe(2);
      const open = await store.listTickets({ filter: { status: 'open' }, ordering: { field: 'created_at', direction: 'desc' }, page: { offset: 0, limit: 5 }, now: NOW });
      expect(open.count).toBe(400);
      expect((await store.statistics({}, { now: NOW, mine: { createdById: 1 } })).byStatus).toEqual({ new: 800, open: 400 });

      // The same for the per-day totals: a window's read folds its days' 1,200 deltas into 2 rows.
      const days = `"${db.schema}".ticket_day_counts`;
      expect((await admin.query(`select count(*)::int as n from ${days}`)).rows[0].n).toBe(1200);
      const week = { createdAfter: new Date(Date.now() - 7 * DAY), createdBefore: new Date(Date.now() + 7 * DAY) };
      expect((await store.statistics(week, { now: NOW, mine: { createdById: 1 } })).byStatus).toEqual({ new: 800, open: 400 });
      expect((await admin.query(`select count(*)::int as n from ${days}`)).rows[0].n).toBe(2);
      // Compacting compact days rewrites nothing: the same row versions stay.
      const versions = async () => (await admin.query(`select ctid::text, xmin::text from ${days} order by ctid`)).rows;
      const before = await versions();
      expect((await admin.query(`select "${db.schema}".compact_ticket_day_counts(null, null)::int as left`)).rows[0].left).toBe(2);
      expect(await versions()).toEqual(before);
      expect((await store.statistics({ ...week, status: 'open' }, { now: NOW, mine: { createdById: 1 } })).total).toBe(400);
    } finally {
      await admin.end();
    }
  });
});
