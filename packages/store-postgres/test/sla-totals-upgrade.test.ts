import { describe, expect, it } from 'vitest';
import { countSlaStateTickets, expectSlaStateCounts, SLA_STATES_EXPECTED, SLA_STATES_NOW, slaStateTickets } from '@tessera/core/testing';
import { createPostgresStore } from '../src/index.js';
import { pgAvailable, withSchemaMigratedTo } from './pg-test-schema.js';

describe.skipIf(!pgAvailable)('postgres store: migration 0005-sla-totals', () => {
  it('backfills the SLA counters of tickets written under the previous schema', async () => {
    await withSchemaMigratedTo('slatotals', '0004-sla', async ({ pool, schema }) => {
      // Tickets in every SLA state under the previous schema (its triggers count tickets only).
      const store = createPostgresStore({ pool }, { schema });
      await store.transaction(async (tx) => {
        for (const ticket of slaStateTickets()) await tx.insertTicket(ticket);
      });
      expect(await store.migrate()).toEqual(['0005-sla-totals', '0006-read-indexes', '0007-outbox-cursor', '0008-ticket-day-counts', '0009-search-pairs', '0010-totals-vacuum']);

      const { rows } = await pool.query(`select sum(sla_breached)::int as recorded, sum(fr_running)::int as fr from "${schema}".ticket_counts`);
      expect(rows[0]).toEqual({ recorded: 2, fr: 2 });
      await expectSlaStateCounts(store);
      // The replaced triggers keep them from here on; compaction keeps the new columns.
      await store.transaction((tx) => tx.deleteTicket(1));
      await pool.query(`select "${schema}".compact_ticket_counts()`);
      expect(await countSlaStateTickets(store, { slaBreached: true })).toBe(SLA_STATES_EXPECTED.breached - 1);
      expect((await store.statistics({}, { now: SLA_STATES_NOW, mine: { assignedToId: 2 } })).sla.firstResponse.breached).toBe(SLA_STATES_EXPECTED.sla.firstResponse.breached - 1);
    });
  });
});
