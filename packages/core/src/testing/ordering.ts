import { describe, expect, it } from 'vitest';
import { TICKET_PRIORITIES, type TicketOrderField } from '../domain/enums.js';
import type { TicketOrdering, TicketStore } from '../ports/ticket-store.js';
import { FILTER_NOW, ORDER_SET } from './datasets.js';
import { at, insertTickets, listAll, seedKeyed } from './fixtures.js';
import { seededStore, storePerTest, type StoreConformanceOptions } from './harness.js';

type Key = keyof typeof ORDER_SET;

/**
 * Ascending orders of ORDER_SET, worked out by hand from the port's ordering contract. Ties break by
 * id in the same direction, so each descending order is exactly its ascending one reversed.
 */
// (The SLA due-time orderings are checked with SLA data in the SLA conformance tests.)
const ASCENDING: Record<Exclude<TicketOrderField, 'first_response_due_at' | 'resolution_due_at'>, Key[]> = {
  created_at: ['p2', 'p4', 'p3', 'p5', 'p1', 'p6', 'p7'],
  updated_at: ['p7', 'p4', 'p2', 'p1', 'p6', 'p5', 'p3'],
  // Missing due dates last ascending, first descending; ties by id in the same direction.
  due_date: ['p5', 'p3', 'p1', 'p6', 'p2', 'p4', 'p7'],
  // By rank (low < medium < high < urgent < critical), not alphabetically.
  priority: ['p3', 'p1', 'p6', 'p4', 'p7', 'p5', 'p2'],
  // By status code: closed, in_progress, new, open, pending, reopened, resolved.
  status: ['p5', 'p4', 'p1', 'p2', 'p6', 'p7', 'p3'],
  // Numerically by sequence: TKT-999999 before TKT-1000000.
  ticket_number: ['p3', 'p5', 'p7', 'p4', 'p6', 'p1', 'p2'],
};

/** Ordering on every field and direction, tie-breaking, and page windows. */
export function orderingTests(options: StoreConformanceOptions): void {
  const byNumber: TicketOrdering = { field: 'ticket_number', direction: 'asc' };
  const page = (store: TicketStore, ordering: TicketOrdering, offset: number, limit: number, filter = {}) =>
    store.listTickets({ filter, ordering, page: { offset, limit }, now: FILTER_NOW });

  describe('ordering and pages (read-only)', () => {
    const db = seededStore(options, (store) => seedKeyed(store, ORDER_SET));

    for (const [field, ascending] of Object.entries(ASCENDING) as Array<[TicketOrderField, Key[]]>) {
      for (const direction of ['asc', 'desc'] as const) {
        it(`${direction === 'desc' ? '-' : ''}${field}`, async () => {
          const { store, seeded } = db();
          const { rows } = await listAll(store, {}, FILTER_NOW, { field, direction });
          expect(rows.map(seeded.keyOf)).toEqual(direction === 'asc' ? ascending : [...ascending].reverse());
        });
      }
    }

    it('ticket numbers past six digits keep their numeric order', async () => {
      const { rows } = db().seeded;
      expect(rows.p1.ticketNumber).toBe('TKT-999999');
      expect(rows.p2.ticketNumber).toBe('TKT-1000000');
    });

    it('returns the window and the count of every match', async () => {
      const { store, seeded } = db();
      const middle = await page(store, byNumber, 2, 3);
      expect(middle.count).toBe(7);
      expect(middle.rows.map(seeded.keyOf)).toEqual(['p7', 'p4', 'p6']);
      const last = await page(store, byNumber, 6, 5);
      expect(last.count).toBe(7);
      expect(last.rows.map(seeded.keyOf)).toEqual(['p2']);
      expect(await page(store, byNumber, 10, 5)).toEqual({ count: 7, rows: [] });
    });

    it('counts the filtered rows, not the page', async () => {
      const { store, seeded } = db();
      const result = await page(store, byNumber, 1, 1, { priority: 'high' });
      expect(result.count).toBe(2);
      expect(result.rows.map(seeded.keyOf)).toEqual(['p4']);
    });
  });

  describe('pagination', () => {
    const store = storePerTest(options);

    it('an empty store gives count 0', async () => {
      expect(await page(store(), byNumber, 0, 10)).toEqual({ count: 0, rows: [] });
    });

    it('walking every page of a tie-heavy ordering visits each ticket exactly once', async () => {
      const specs = Array.from({ length: 23 }, (_, i) => ({
        priority: TICKET_PRIORITIES[i % 2]!,
        createdAt: at(`2024-01-0${1 + (i % 3)}T00:00:00.000Z`),
      }));
      const inserted = await insertTickets(store(), specs);
      for (const ordering of [
        { field: 'priority', direction: 'desc' },
        { field: 'created_at', direction: 'asc' },
        { field: 'due_date', direction: 'asc' },
      ] as const) {
        const full = await listAll(store(), {}, FILTER_NOW, ordering);
        const walked = [];
        for (let offset = 0; offset < 23; offset += 4) walked.push(...(await page(store(), ordering, offset, 4)).rows);
        expect(walked.map((t) => t.id)).toEqual(full.rows.map((t) => t.id));
        expect(new Set(walked.map((t) => t.id)).size).toBe(inserted.length);
      }
    });
  });
}
