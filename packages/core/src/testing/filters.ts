import { describe, expect, it } from 'vitest';
import type { TicketFilter } from '../ports/ticket-store.js';
import { FILTER_NOW, FILTER_SET } from './datasets.js';
import { at, listAll, seedKeyed } from './fixtures.js';
import { seededStore, type StoreConformanceOptions } from './harness.js';

type Key = keyof typeof FILTER_SET;

/** Filter cases over FILTER_SET with the keys each must return, in ticket-number order. */
export const FILTER_CASES: Array<[string, TicketFilter, Key[]]> = [
  ['empty filter', {}, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']],
  ['status', { status: 'new' }, ['a', 'h']],
  ['status (single)', { status: 'reopened' }, ['g']],
  ['priority', { priority: 'high' }, ['b', 'd']],
  ['priority critical', { priority: 'critical' }, ['e', 'h']],
  ['category', { category: 'technical' }, ['a', 'c', 'f', 'h']],
  ['category with no tickets', { category: 'other' }, []],
  ['customerId', { customerId: 1 }, ['a', 'b', 'f']],
  ['customerId unknown', { customerId: 999 }, []],
  ['assignedToId', { assignedToId: 20 }, ['b', 'd']],
  ['createdById', { createdById: 12 }, ['e', 'f']],
  ['unassigned: true', { unassigned: true }, ['a', 'e', 'f', 'h']],
  ['unassigned: false is no filter', { unassigned: false }, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']],
  ['overdue: true', { overdue: true }, ['b', 'f']],
  ['overdue: false is no filter', { overdue: false }, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']],
  ['createdAfter is inclusive', { createdAfter: at('2024-03-15T00:00:00.000Z') }, ['d', 'e', 'f', 'g', 'h']],
  ['createdBefore is inclusive', { createdBefore: at('2024-03-15T00:00:00.000Z') }, ['a', 'b', 'c', 'd']],
  ['createdAfter at the millisecond', { createdAfter: at('2024-03-01T12:00:00.500Z') }, ['c', 'd', 'e', 'f', 'g', 'h']],
  ['createdAfter one ms later', { createdAfter: at('2024-03-01T12:00:00.501Z') }, ['d', 'e', 'f', 'g', 'h']],
  ['createdBefore one ms earlier', { createdBefore: at('2024-03-01T12:00:00.499Z') }, ['a', 'b']],
  [
    'createdAfter + createdBefore',
    { createdAfter: at('2024-03-01T12:00:00.500Z'), createdBefore: at('2024-04-01T00:00:00.000Z') },
    ['c', 'd', 'e'],
  ],
  ['customerId + unassigned', { customerId: 1, unassigned: true }, ['a', 'f']],
  ['status + priority', { status: 'new', priority: 'critical' }, ['h']],
  [
    'category + customerId + createdAfter',
    { category: 'technical', customerId: 2, createdAfter: at('2024-03-02T00:00:00.000Z') },
    ['h'],
  ],
  ['overdue + customerId', { overdue: true, customerId: 1 }, ['b', 'f']],
  ['overdue + assignedToId', { overdue: true, assignedToId: 20 }, ['b']],
  ['assignedToId + status', { assignedToId: 20, status: 'resolved' }, ['d']],
  ['createdById + search', { createdById: 10, searchTerms: ['auth'] }, ['a', 'h']],
  ['contradictory conditions', { unassigned: true, assignedToId: 20 }, []],
  ['no match', { status: 'open', customerId: 2 }, []],
];

/** Every `TicketFilter` field alone, with its edges, and in combination (read-only, seeded once). */
export function filterTests(options: StoreConformanceOptions): void {
  describe('ticket filters', () => {
    const db = seededStore(options, (store) => seedKeyed(store, FILTER_SET));
    const matching = async (filter: TicketFilter, now: Date = FILTER_NOW): Promise<Key[]> => {
      const { store, seeded } = db();
      const { count, rows } = await listAll(store, filter, now);
      expect(count).toBe(rows.length);
      return rows.map(seeded.keyOf);
    };

    for (const [name, filter, expected] of FILTER_CASES) {
      it(`${name} → ${expected.join(',') || 'none'}`, async () => {
        expect(await matching(filter)).toEqual(expected);
      });
    }

    it('overdue is judged against the query instant, not the wall clock', async () => {
      expect(await matching({ overdue: true }, at('2024-01-01T00:00:00.000Z'))).toEqual([]);
      expect(await matching({ overdue: true }, at('2030-01-01T00:00:00.000Z'))).toEqual(['b', 'c', 'f', 'g']);
      expect(await matching({ overdue: true }, at('2024-06-15T12:00:00.001Z'))).toEqual(['b', 'f', 'g']);
    });
  });
}
