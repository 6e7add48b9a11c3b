import { describe, expect, it } from 'vitest';
import { SLA_STATES_EXPECTED, SLA_STATES_NOW, slaStateTickets } from '@tessera/core/testing';
import { createPostgresStore } from '../src/index.js';
import { pgAvailable, withSchemaMigratedTo } from './pg-test-schema.js';

const DAY = 86_400_000;

describe.skipIf(!pgAvailable)('postgres store: migration 0008-ticket-day-counts', () => {
  it('backfills the per-day totals of tickets written under the previous schema; the new triggers keep them', async () => {
    await withSchemaMigratedTo('daycounts', '0007-outbox-cursor', async ({ pool, schema }) => {
      // The seven SLA-state tickets, created one per day over the week before SLA_STATES_NOW.
      const store = createPostgresStore({ pool }, { schema });
      const tickets = slaStateTickets().map((t, i) => ({ ...t, createdAt: new Date(SLA_STATES_NOW.getTime() - (i + 0.5) * DAY) }));
      await store.transaction(async (tx) => {
        for (const ticket of tickets) await tx.insertTicket(ticket);
      });
      expect(await store.migrate()).toEqual(['0008-ticket-day-counts', '0009-search-pairs', '0010-totals-vacuum']);
      const { rows } = await pool.query(`select count(distinct day)::int as days, sum(n)::int as n from "${schema}".ticket_day_counts`);
      expect(rows[0]).toEqual({ days: 7, n: 7 });

      const options = { now: SLA_STATES_NOW, mine: { assignedToId: 2 } };
      const everything = await store.statistics({}, options);
      // A window holding all seven (whole days and a partial first day) answers as no window.
      const week = { createdAfter: new Date(SLA_STATES_NOW.getTime() - 7.2 * DAY), createdBefore: SLA_STATES_NOW };
      expect(await store.statistics(week, options)).toEqual(everything);
      expect(everything.sla).toEqual(SLA_STATES_EXPECTED.sla);
      // Three days: the tickets created 1.5, 2.5 and 3.5 days before (the 2nd, 3rd and 4th).
      const three = { createdAfter: new Date(SLA_STATES_NOW.getTime() - 4 * DAY), createdBefore: new Date(SLA_STATES_NOW.getTime() - DAY) };
      const inThree = await store.statistics(three, options);
      expect(inThree.total).toBe(3);
      expect(inThree.byStatus).toEqual({ open: 1, resolved: 1, closed: 1 });
      expect(inThree.myTicketsCount).toBe(1);

      // Changes from here on reach the day rows: a ticket of the window is deleted, one moves status.
      await store.transaction((tx) => tx.deleteTicket(3));
      await store.transaction((tx) => tx.updateTicket(4, { status: 'reopened' }));
      const after = await store.statistics(three, options);
      expect(after.total).toBe(2);
      expect(after.byStatus).toEqual({ open: 1, reopened: 1 });
      await pool.query(`select "${schema}".compact_ticket_day_counts(null, null)`);
      expect(await store.statistics(three, options)).toEqual(after);
    });
  });
});
