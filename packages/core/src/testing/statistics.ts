import { describe, expect, it } from 'vitest';
import { emptyStoreStatistics } from '../memory/ticket-query.js';
import { emptySlaStatistics } from '../sla/ticket-query.js';
import type { StatisticsOptions, StoreStatistics, TicketFilter } from '../ports/ticket-store.js';
import { FILTER_NOW, FILTER_SET } from './datasets.js';
import { at, insertTickets, listAll, nonZero, seedKeyed } from './fixtures.js';
import { FILTER_CASES } from './filters.js';
import { seededStore, storePerTest, type StoreConformanceOptions } from './harness.js';

/** Statistics with empty groups dropped, so stores that omit or include zeros compare equal. */
function normalized(stats: StoreStatistics) {
  return {
    ...stats,
    byStatus: nonZero(stats.byStatus),
    byPriority: nonZero(stats.byPriority),
    byCategory: nonZero(stats.byCategory),
  };
}

/** Store statistics (counts by status, priority, category, overdue and mine) over FILTER_SET, with and without filters. */
export function statisticsTests(options: StoreConformanceOptions): void {
  describe('statistics (read-only)', () => {
    const db = seededStore(options, (store) => seedKeyed(store, FILTER_SET));
    const stats = async (
      filter: TicketFilter,
      mine: StatisticsOptions['mine'] = { assignedToId: 20 },
      now: Date = FILTER_NOW,
    ) => normalized(await db().store.statistics(filter, { now, mine }));

    it('groups every status, priority and category over all tickets', async () => {
      const s = await stats({});
      expect(s).toEqual({
        total: 8,
        byStatus: { new: 2, open: 1, in_progress: 1, pending: 1, resolved: 1, closed: 1, reopened: 1 },
        byPriority: { low: 1, medium: 2, high: 2, urgent: 1, critical: 2 },
        byCategory: { technical: 4, billing: 2, bug: 1, account: 1 },
        overdueCount: 2,
        unassignedCount: 4,
        myTicketsCount: 2,
        avgResolutionTimeHours: expect.closeTo(42, 6),
        sla: emptySlaStatistics(), // no ticket here has SLA targets
      });
    });

    it('counts "my tickets" by assignee', async () => {
      expect((await stats({}, { assignedToId: 21 })).myTicketsCount).toBe(2);
    });

    it('counts "my tickets" by creator', async () => {
      expect((await stats({}, { createdById: 10 })).myTicketsCount).toBe(4);
    });

    it('counts nothing as mine for a stranger', async () => {
      expect((await stats({}, { assignedToId: 999 })).myTicketsCount).toBe(0);
    });

    it('judges overdue against the given instant', async () => {
      expect((await stats({}, undefined, at('2030-01-01T00:00:00.000Z'))).overdueCount).toBe(4);
    });

    it('honours a status filter', async () => {
      expect(await stats({ status: 'resolved' })).toEqual({
        total: 1,
        byStatus: { resolved: 1 },
        byPriority: { high: 1 },
        byCategory: { bug: 1 },
        overdueCount: 0,
        unassignedCount: 0,
        myTicketsCount: 1,
        avgResolutionTimeHours: expect.closeTo(36, 6),
        sla: emptySlaStatistics(), // no ticket here has SLA targets
      });
    });

    it('honours a customer filter', async () => {
      expect(await stats({ customerId: 2 }, { assignedToId: 21 })).toEqual({
        total: 3,
        byStatus: { in_progress: 1, resolved: 1, new: 1 },
        byPriority: { urgent: 1, high: 1, critical: 1 },
        byCategory: { technical: 2, bug: 1 },
        overdueCount: 0,
        unassignedCount: 1,
        myTicketsCount: 1,
        avgResolutionTimeHours: expect.closeTo(36, 6),
        sla: emptySlaStatistics(), // no ticket here has SLA targets
      });
    });

    it('honours a search filter (and gives a null mean when nothing is resolved)', async () => {
      expect(await stats({ searchTerms: ['login'] }, { createdById: 12 })).toEqual({
        total: 3,
        byStatus: { new: 1, in_progress: 1, pending: 1 },
        byPriority: { low: 1, urgent: 1, medium: 1 },
        byCategory: { technical: 3 },
        overdueCount: 1,
        unassignedCount: 2,
        myTicketsCount: 1,
        avgResolutionTimeHours: null,
        sla: emptySlaStatistics(), // no ticket here has SLA targets
      });
    });

    it('honours the overdue and unassigned filters', async () => {
      const overdue = await stats({ overdue: true });
      expect(overdue.total).toBe(2);
      expect(overdue.overdueCount).toBe(2);
      expect(overdue.byStatus).toEqual({ open: 1, pending: 1 });
    });

    it('honours a date-range filter', async () => {
      const s = await stats({ createdAfter: at('2024-03-15T00:00:00.000Z'), createdBefore: at('2024-04-01T00:00:00.000Z') });
      expect(s.total).toBe(2);
      expect(s.byStatus).toEqual({ resolved: 1, closed: 1 });
      expect(s.avgResolutionTimeHours).toBeCloseTo(42, 6);
    });

    it('a filter matching nothing gives zeros and a null mean', async () => {
      expect(await stats({ customerId: 999 })).toEqual(emptyStoreStatistics());
    });

    it('totals agree with the list count for every filter case', async () => {
      const { store } = db();
      for (const [name, filter, expected] of FILTER_CASES) {
        const s = await store.statistics(filter, { now: FILTER_NOW, mine: { assignedToId: 20 } });
        const listed = await listAll(store, filter, FILTER_NOW);
        expect({ name, total: s.total }).toEqual({ name, total: expected.length });
        expect({ name, total: s.total }).toEqual({ name, total: listed.count });
      }
    });

  });

  describe('statistics', () => {
    const store = storePerTest(options);

    it('an empty store gives zeros', async () => {
      const s = await store().statistics({}, { now: FILTER_NOW, mine: { assignedToId: 1 } });
      expect(normalized(s)).toMatchObject({ total: 0, overdueCount: 0, avgResolutionTimeHours: null });
    });

    it('the mean resolution time is unrounded and in hours', async () => {
      await insertTickets(store(), [
        { createdAt: at('2024-01-01T00:00:00.000Z'), resolvedAt: at('2024-01-01T00:20:00.000Z'), status: 'resolved' },
        { createdAt: at('2024-01-01T00:00:00.000Z'), resolvedAt: at('2024-01-01T00:00:01.000Z'), status: 'closed' },
        { createdAt: at('2024-01-01T00:00:00.000Z'), status: 'open' },
      ]);
      const s = await store().statistics({}, { now: FILTER_NOW, mine: { assignedToId: 1 } });
      // (1200 s + 1 s) / 2 / 3600 s
      expect(s.avgResolutionTimeHours).toBeCloseTo(1201 / 2 / 3600, 9);
      expect(typeof s.avgResolutionTimeHours).toBe('number');
    });
  });
}
