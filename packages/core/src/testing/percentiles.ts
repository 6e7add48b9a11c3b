import { describe, expect, it } from 'vitest';
import type { StorePercentiles, TicketFilter } from '../ports/ticket-store.js';
import { at, insertTickets, type TicketSpec } from './fixtures.js';
import { seededStore, type StoreConformanceOptions } from './harness.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = at('2025-01-01T00:00:00.000Z');

/** A ticket created at `created` that got its first response / resolution after the given spans (ms). */
function timed(created: string, responseMs: number | null, resolutionMs: number | null, extra: TicketSpec = {}): TicketSpec {
  const createdAt = at(created);
  const plus = (ms: number | null) => (ms === null ? null : new Date(createdAt.getTime() + ms));
  return {
    createdAt,
    updatedAt: createdAt,
    firstResponseAt: plus(responseMs),
    resolvedAt: plus(resolutionMs),
    status: resolutionMs === null ? (responseMs === null ? 'new' : 'open') : 'resolved',
    ...extra,
  };
}

// March 2024: 12 tickets. First responses (min), inserted unsorted and with a tie:
// sorted 10 20 20 30 40 50 60 70 80 300. Resolutions (h) of six: sorted 1 2 2 5 24 48.
// Two tickets were never answered and four answered ones are unresolved.
const MARCH: TicketSpec[] = [
  timed('2024-03-01T00:00:00.000Z', 300 * MINUTE, 5 * HOUR, { category: 'billing', subject: 'Printer jam' }),
  timed('2024-03-02T00:00:00.000Z', 10 * MINUTE, 1 * HOUR, { category: 'billing' }),
  timed('2024-03-03T00:00:00.000Z', 20 * MINUTE, 48 * HOUR),
  timed('2024-03-04T00:00:00.000Z', 80 * MINUTE, 2 * HOUR, { subject: 'Printer offline' }),
  timed('2024-03-05T00:00:00.000Z', 20 * MINUTE, 2 * HOUR),
  timed('2024-03-06T00:00:00.000Z', 30 * MINUTE, 24 * HOUR, { category: 'billing' }),
  timed('2024-03-07T00:00:00.000Z', 60 * MINUTE, null),
  timed('2024-03-08T00:00:00.000Z', 40 * MINUTE, null, { subject: 'Printer on fire' }),
  timed('2024-03-09T00:00:00.000Z', 70 * MINUTE, null),
  timed('2024-03-10T00:00:00.000Z', 50 * MINUTE, null),
  timed('2024-03-11T00:00:00.000Z', null, null),
  // Created on the window's last instant (bounds are inclusive).
  timed('2024-03-31T23:59:59.999Z', null, null),
];

// May 2024: 100 tickets answered after 1, 2, …, 100 minutes (inserted in reverse), none resolved.
// p7 of 100 is exactly rank 7: a float fraction (0.07 × 100 = 7.000000000000001) would round up to 8.
const MAY: TicketSpec[] = Array.from({ length: 100 }, (_, i) =>
  timed(`2024-05-${String(1 + (i % 28)).padStart(2, '0')}T12:00:00.000Z`, (100 - i) * MINUTE, null),
);

// July 2024: one ticket, answered after 1.5 s and resolved after 1 d 1 h 1 min 1.001 s.
const JULY: TicketSpec[] = [timed('2024-07-01T08:00:00.000Z', 1500, 90_061_001)];

const window = (month: string, last: string): TicketFilter => ({
  createdAfter: at(`2024-${month}-01T00:00:00.000Z`),
  createdBefore: at(`2024-${month}-${last}T23:59:59.999Z`),
});
const MARCH_WINDOW = window('03', '31');
const MAY_WINDOW = window('05', '31');
const JULY_WINDOW = window('07', '31');

/** `percentiles` of the port: nearest rank, both durations, sample sizes, over every store. */
export function percentileTests(options: StoreConformanceOptions): void {
  describe('percentiles (read-only)', () => {
    const db = seededStore(options, (store) => insertTickets(store, [...MARCH, ...MAY, ...JULY]));
    const percentiles = (filter: TicketFilter, hundredths: number[]): Promise<StorePercentiles> =>
      db().store.percentiles(filter, { hundredths, now: NOW });

    it('gives nearest-rank first-response and resolution times with their sample sizes', async () => {
      expect(await percentiles(MARCH_WINDOW, [5000, 9000, 9500])).toEqual({
        tickets: 12,
        // ranks ⌈0.5·10⌉ = 5, ⌈0.9·10⌉ = 9, ⌈0.95·10⌉ = 10
        firstResponse: { count: 10, valuesMs: [40 * MINUTE, 80 * MINUTE, 300 * MINUTE] },
        // ranks ⌈0.5·6⌉ = 3, ⌈0.9·6⌉ = 6, ⌈0.95·6⌉ = 6
        resolution: { count: 6, valuesMs: [2 * HOUR, 48 * HOUR, 48 * HOUR] },
      });
    });

    it('picks tied samples by rank, and the smallest and largest at the extremes', async () => {
      // ranks over 10: p0.01 → 1, p20 → 2, p25 → 3, p30 → 3 (the tie of 20 min), p99.99 → 10, p100 → 10
      const r = await percentiles(MARCH_WINDOW, [1, 2000, 2500, 3000, 9999, 10000]);
      expect(r.firstResponse.valuesMs).toEqual([10, 20, 20, 20, 300, 300].map((m) => m * MINUTE));
    });

    it('rounds the rank up on hundredths of a percent, exactly', async () => {
      // ranks over 6: p16.66 → ⌈0.9996⌉ = 1, p16.67 → ⌈1.0002⌉ = 2, p33.33 → 2, p33.34 → 3, p50 → 3, p50.01 → 4
      const r = await percentiles(MARCH_WINDOW, [1666, 1667, 3333, 3334, 5000, 5001]);
      expect(r.resolution.valuesMs).toEqual([1, 2, 2, 2, 2, 5].map((h) => h * HOUR));
      // Over 100: p7 → 7, p50.5 → 51, p1 → 1, p99 → 99, p100 → 100; nothing resolved.
      const may = await percentiles(MAY_WINDOW, [100, 700, 5050, 9900, 10000]);
      expect(may).toEqual({
        tickets: 100,
        firstResponse: { count: 100, valuesMs: [1, 7, 51, 99, 100].map((m) => m * MINUTE) },
        resolution: { count: 0, valuesMs: [null, null, null, null, null] },
      });
    });

    it('gives every percentile of one sample as that sample, to the millisecond', async () => {
      expect(await percentiles(JULY_WINDOW, [1, 5000, 10000])).toEqual({
        tickets: 1,
        firstResponse: { count: 1, valuesMs: [1500, 1500, 1500] },
        resolution: { count: 1, valuesMs: [90_061_001, 90_061_001, 90_061_001] },
      });
    });

    it('gives counts of zero and no values over an empty window', async () => {
      expect(await percentiles(window('06', '30'), [5000, 9500])).toEqual({
        tickets: 0,
        firstResponse: { count: 0, valuesMs: [null, null] },
        resolution: { count: 0, valuesMs: [null, null] },
      });
    });

    it('leaves tickets never answered or never resolved out of that sample only', async () => {
      const r = await percentiles({ ...MARCH_WINDOW, status: 'new' }, [5000]);
      expect(r).toEqual({ tickets: 2, firstResponse: { count: 0, valuesMs: [null] }, resolution: { count: 0, valuesMs: [null] } });
      const open = await percentiles({ ...MARCH_WINDOW, status: 'open' }, [5000, 10000]);
      // 60 40 70 50 → sorted 40 50 60 70
      expect(open).toEqual({ tickets: 4, firstResponse: { count: 4, valuesMs: [50 * MINUTE, 70 * MINUTE] }, resolution: { count: 0, valuesMs: [null, null] } });
    });

    it('takes the window bounds as inclusive and spans windows when unbounded', async () => {
      const lastInstant = await percentiles({ createdAfter: at('2024-03-31T23:59:59.999Z'), createdBefore: at('2024-03-31T23:59:59.999Z') }, [5000]);
      expect(lastInstant.tickets).toBe(1);
      const all = await percentiles({}, [10000]);
      expect(all.tickets).toBe(113);
      expect(all.firstResponse).toEqual({ count: 111, valuesMs: [300 * MINUTE] });
      expect(all.resolution).toEqual({ count: 7, valuesMs: [48 * HOUR] });
    });

    it('honours the other list filters, search included', async () => {
      // billing: responses 300 10 30, resolutions 5 1 24
      expect(await percentiles({ ...MARCH_WINDOW, category: 'billing' }, [5000])).toEqual({
        tickets: 3,
        firstResponse: { count: 3, valuesMs: [30 * MINUTE] },
        resolution: { count: 3, valuesMs: [5 * HOUR] },
      });
      // "printer": responses 300 80 40, resolutions 5 2
      expect(await percentiles({ searchTerms: ['printer'] }, [5000, 10000])).toEqual({
        tickets: 3,
        firstResponse: { count: 3, valuesMs: [80 * MINUTE, 300 * MINUTE] },
        resolution: { count: 2, valuesMs: [2 * HOUR, 5 * HOUR] },
      });
    });
  });
}
