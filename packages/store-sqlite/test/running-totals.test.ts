import { describe, expect, it } from 'vitest';
import {
  createMemoryStore,
  formatTicketNumber,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type NewTicket,
  type TicketFilter,
  type TicketPatch,
  type TicketStore,
} from '@tessera/core';
import { openSqliteStore } from '@tessera/store-sqlite';

// The list counts and statistics of the SQLite store come from trigger-maintained running
// totals for some filters. Replay one random workload (inserts across many days, including
// before 1970, updates of every counted column, deletes) on SQLite and on the in-memory
// reference store, then compare counts and statistics filter by filter.

const DAY = 86_400_000;
const CATEGORIES = ['billing', 'bug', 'other'];

function random(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
}

async function replay(stores: TicketStore[]): Promise<Date[]> {
  const rand = random(42);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const base = Date.UTC(1969, 11, 25);
  const created: Date[] = [];
  const ops: ((tx: Parameters<Parameters<TicketStore['transaction']>[0]>[0]) => Promise<unknown>)[] = [];
  for (let i = 0; i < 160; i++) {
    const createdAt = new Date(base + Math.floor(rand() * 20 * DAY) + (i % 3 === 0 ? DAY - 1 : 0));
    created.push(createdAt);
    const resolved = rand() < 0.3 ? new Date(createdAt.getTime() + Math.floor(rand() * 5 * DAY)) : null;
    const ticket: NewTicket = {
      sequence: i + 1,
      ticketNumber: formatTicketNumber(i + 1),
      subject: `t${i}`,
      description: 'd',
      status: resolved ? 'resolved' : pick(TICKET_STATUSES.filter((s) => s !== 'resolved' && s !== 'closed')),
      priority: pick(TICKET_PRIORITIES),
      category: pick(CATEGORIES),
      customerId: 1 + (i % 4),
      assignedToId: rand() < 0.3 ? null : 1 + (i % 3),
      createdById: 1 + (i % 2),
      createdAt,
      updatedAt: createdAt,
      resolvedAt: resolved,
      closedAt: null,
      dueDate: rand() < 0.5 ? new Date(createdAt.getTime() + 3 * DAY) : null,
      estimatedHours: null,
      actualHours: null,
      tags: [],
      firstResponseAt: null,
      version: 1,
    };
    ops.push((tx) => tx.insertTicket(ticket));
  }
  for (let i = 0; i < 120; i++) {
    const id = 1 + Math.floor(rand() * 160);
    const r = rand();
    const patch: TicketPatch =
      r < 0.25
        ? { status: 'closed', resolvedAt: new Date(base + 30 * DAY), closedAt: new Date(base + 30 * DAY) }
        : r < 0.4
          ? { status: 'reopened', resolvedAt: null, closedAt: null }
          : r < 0.6
            ? { priority: pick(TICKET_PRIORITIES), category: pick(CATEGORIES) }
            : r < 0.8
              ? { assignedToId: rand() < 0.5 ? null : 2 }
              : { subject: 'renamed' };
    ops.push(async (tx) => ((await tx.getTicket(id)) ? tx.updateTicket(id, patch) : null));
  }
  for (let i = 0; i < 25; i++) {
    const id = 1 + Math.floor(rand() * 160);
    ops.push((tx) => tx.deleteTicket(id));
  }
  for (const store of stores) {
    for (const op of ops) await store.transaction(op);
  }
  return created;
}

describe('counts without row visits agree with the reference store', () => {
  it('counts and statistics for filters the totals answer, after inserts, updates and deletes', async () => {
    const sqlite = await openSqliteStore({ filename: ':memory:' });
    const memory = createMemoryStore();
    const created = await replay([sqlite, memory]);
    const now = new Date(Date.UTC(1970, 0, 10));
    const days = [created[3]!, new Date(Date.UTC(1969, 11, 31)), new Date(Date.UTC(1970, 0, 1)), new Date(Date.UTC(1970, 0, 5, 12))];
    const filters: TicketFilter[] = [
      {},
      { status: 'closed' },
      { status: 'reopened', priority: 'high' },
      { category: 'bug', unassigned: true },
      { priority: 'low', category: 'other', status: 'new' },
      { unassigned: true },
      { unassigned: false },
      { overdue: true },
      { overdue: true, status: 'new' },
      { overdue: true, assignedToId: 2, priority: 'high' },
      { overdue: true, unassigned: true, category: 'bug' },
      { overdue: true, customerId: 1 },
      { customerId: 2, status: 'closed' },
      ...days.map((d) => ({ createdAfter: d })),
      ...days.map((d) => ({ createdBefore: d })),
      ...days.flatMap((a) => days.map((b) => ({ createdAfter: a, createdBefore: b }))),
      { createdAfter: days[1], status: 'closed' },
      // Search-only counts come from the FTS index alone.
      { searchTerms: ['renamed'] },
      { searchTerms: ['ren', 'med'] },
      { searchTerms: ['tkt-0000'] },
      { searchTerms: ['renamed', 'd'] },
    ];
    for (const filter of filters) {
      const query = { filter, ordering: { field: 'created_at', direction: 'desc' } as const, page: { offset: 1, limit: 1 }, now };
      const [a, b] = await Promise.all([sqlite.listTickets(query), memory.listTickets(query)]);
      expect(a.count, JSON.stringify(filter)).toBe(b.count);
      expect(a.rows.map((t) => t.id), JSON.stringify(filter)).toEqual(b.rows.map((t) => t.id));
      const options = { now, mine: { assignedToId: 2 } };
      const [sa, sb] = await Promise.all([sqlite.statistics(filter, options), memory.statistics(filter, options)]);
      expect({ ...sa, avgResolutionTimeHours: sa.avgResolutionTimeHours?.toFixed(9) }, JSON.stringify(filter)).toEqual({
        ...sb,
        avgResolutionTimeHours: sb.avgResolutionTimeHours?.toFixed(9),
      });
    }
    // The totals really are the ones answering: they match a recount of the tickets table.
    const recount = sqlite.database
      .prepare(`SELECT status, priority_rank, category, assigned_to_id IS NULL AS unassigned, count(*) AS tickets FROM tessera_tickets GROUP BY 1, 2, 3, 4`)
      .all();
    const totals = sqlite.database
      .prepare(`SELECT status, priority_rank, category, unassigned, tickets FROM tessera_ticket_counts WHERE tickets > 0 ORDER BY 1, 2, 3, 4`)
      .all();
    expect(totals).toEqual(recount);
    await sqlite.close();
  });
});
