import { describe, expect, it } from 'vitest';
import { insertTickets } from './fixtures.js';
import { storePerTest, type StoreConformanceOptions } from './harness.js';

/** The first and last instants a ticket date may hold (the range DRF accepts: years 0001–9999). */
export const EARLIEST_INSTANT = new Date('0001-01-01T00:00:00.000Z').getTime();
export const LATEST_INSTANT = new Date('9999-12-31T23:59:59.999Z').getTime();

/**
 * A deterministic sample of instants over the whole range: the edges, instants next to year,
 * century and era boundaries that parsers get wrong (two-digit years, year 1000), and
 * pseudo-random instants (xorshift, fixed seed) with millisecond precision.
 */
export function sampleInstants(count: number): Date[] {
  const edges = [
    '0001-01-01T00:00:00.000Z', '0001-01-01T00:00:00.001Z', '0001-12-31T23:59:59.999Z', '0009-06-15T12:34:56.789Z',
    '0099-12-31T23:59:59.999Z', '0100-01-01T00:00:00.000Z', '0999-12-31T23:59:59.999Z', '1000-01-01T00:00:00.000Z',
    '1582-10-04T23:59:59.999Z', '1582-10-15T00:00:00.000Z', '1899-12-31T23:59:59.999Z', '1969-12-31T23:59:59.999Z',
    '1970-01-01T00:00:00.000Z', '2000-02-29T12:00:00.000Z', '2038-01-19T03:14:08.000Z', '9999-12-31T23:59:59.999Z',
  ].map((iso) => new Date(iso));
  let state = 0x9e3779b9;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const span = LATEST_INSTANT - EARLIEST_INSTANT;
  const random = Array.from({ length: count }, () => {
    // Two draws give every millisecond of the ~316-billion-second span a chance.
    const ms = Math.floor(next() * span) + Math.floor(next() * 1000);
    return new Date(Math.min(LATEST_INSTANT, EARLIEST_INSTANT + ms));
  });
  return [...edges, ...random];
}

/** Every instant of years 0001–9999 survives a write and a read, exactly to the millisecond. */
export function dateTests(options: StoreConformanceOptions): void {
  describe('dates', () => {
    const store = storePerTest(options);
    it('due dates over the whole range 0001–9999 round-trip exactly (insert, update, list)', async () => {
      const instants = sampleInstants(150);
      const inserted = await insertTickets(store(), instants.map((dueDate) => ({ dueDate })));
      for (const [i, ticket] of inserted.entries()) {
        expect(ticket.dueDate?.toISOString()).toBe(instants[i]!.toISOString());
        expect((await store().getTicket(ticket.id))?.dueDate?.toISOString()).toBe(instants[i]!.toISOString());
      }
      const listed = await store().listTickets({
        filter: {}, ordering: { field: 'due_date', direction: 'asc' }, page: { offset: 0, limit: 1000 }, now: new Date(),
      });
      const sorted = [...instants].sort((a, b) => a.getTime() - b.getTime()).map((d) => d.toISOString());
      expect(listed.rows.map((t) => t.dueDate?.toISOString())).toEqual(sorted);
      // An update writes through the other code path (patch columns).
      const reversed = [...instants].reverse();
      await store().transaction(async (tx) => {
        for (const [i, ticket] of inserted.entries()) {
          const updated = await tx.updateTicket(ticket.id, { dueDate: reversed[i]!, updatedAt: reversed[i]! });
          expect(updated.dueDate?.toISOString()).toBe(reversed[i]!.toISOString());
        }
      });
      for (const [i, ticket] of inserted.entries()) {
        const read = await store().getTicket(ticket.id);
        expect(read?.dueDate?.toISOString()).toBe(reversed[i]!.toISOString());
        expect(read?.updatedAt.toISOString()).toBe(reversed[i]!.toISOString());
      }
    });
  });
}
