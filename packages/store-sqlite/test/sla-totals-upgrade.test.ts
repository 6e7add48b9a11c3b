import { describe, expect, it } from 'vitest';
import { countSlaStateTickets, expectSlaStateCounts, SLA_STATES_EXPECTED, slaStateTickets } from '@tessera/core/testing';
import { MIGRATION_TABLE, MIGRATIONS, openSqliteStore } from '@tessera/store-sqlite';
import { useTempDir } from './helpers.js';

const path = useTempDir('sla-totals');

describe('migration 0006-sla-totals', () => {
  it('backfills the SLA counters of tickets written under the previous schema', async () => {
    const file = path('upgrade.db');
    const old = await openSqliteStore({ filename: file });
    // Back to the previous schema (0005), then tickets in every SLA state.
    await MIGRATIONS['0006-sla-totals']!.down!(old.kysely);
    old.database.prepare(`DELETE FROM ${MIGRATION_TABLE} WHERE name = '0006-sla-totals'`).run();
    await old.transaction(async (tx) => {
      for (const ticket of slaStateTickets()) await tx.insertTicket(ticket);
    });
    await old.close();

    const store = await openSqliteStore({ filename: file });
    expect(store.schemaState().applied).toContain('0006-sla-totals');
    const counters = store.database.prepare(`SELECT sum(sla_breached) AS recorded, sum(fr_running) AS fr FROM tessera_ticket_counts`).get();
    expect(counters).toEqual({ recorded: 2, fr: 2 });
    await expectSlaStateCounts(store);
    // The triggers keep them from here on: a deletion takes its counters away.
    await store.transaction((tx) => tx.deleteTicket(1));
    expect(await countSlaStateTickets(store, { slaBreached: true })).toBe(SLA_STATES_EXPECTED.breached - 1);
    await store.close();
  });
});
