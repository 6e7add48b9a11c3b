import { describe, expect, it } from 'vitest';
import type { OutboxEvent } from '@tessera/core';
import { createPostgresStore } from '../src/index.js';
import { pgAvailable, withSchemaMigratedTo } from './pg-test-schema.js';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);
const ids = (claim: { events: OutboxEvent[] }) => claim.events.map((e) => e.id);

// Outbox rows as the previous release left them, by id: [acked_at, lease_token, lease_expires_at].
const OLD_ROWS: [number, number | null, string | null, number | null][] = [
  [1, T0 - 5_000, null, null], // acknowledged
  [2, null, 'consumer-a', T0 + 60_000], // leased, lease holds
  [3, T0 - 4_000, null, null], // acknowledged out of order
  [4, null, 'consumer-b', T0 - 1], // leased, lease lapsed (its consumer died)
  [5, null, null, null], // open
];
const time = (ms: number | null) => (ms === null ? null : new Date(ms));

describe.skipIf(!pgAvailable)('postgres store: migration 0007-outbox-cursor', () => {
  it('starts the cursor at the lowest unacknowledged event, drops the open-events index, and claims go on as before', async () => {
    await withSchemaMigratedTo('obcursor', '0006-read-indexes', async ({ pool, schema }) => {
      for (const [id, ackedAt, token, expires] of OLD_ROWS) {
        await pool.query(
          `insert into "${schema}".outbox (type, occurred_at, data, internal, acked_at, lease_token, lease_expires_at)
           values ('ticket.updated', $1, $2, false, $3, $4, $5)`,
          [new Date(T0 - 10_000 + id), JSON.stringify({ n: id }), time(ackedAt), token, time(expires)],
        );
      }
      const store = createPostgresStore({ pool }, { schema });
      expect(await store.migrate()).toEqual(['0007-outbox-cursor', '0008-ticket-day-counts', '0009-search-pairs', '0010-totals-vacuum']);
      expect((await pool.query(`select open_from::int as open_from from "${schema}".outbox_cursor`)).rows).toEqual([{ open_from: 2 }]);
      const indexes = await pool.query(`select indexname from pg_indexes where schemaname = $1 and tablename = 'outbox' order by 1`, [schema]);
      expect(indexes.rows.map((r) => r.indexname)).toEqual(['outbox_acked_idx', 'outbox_pkey']);

      const outbox = store.webhooks.outbox;
      // The lapsed lease and the open event are claimable; the holding lease still holds and its token still acknowledges.
      const first = await outbox.claim({ limit: 10, leaseMs: 1_000, now: at(0) });
      expect(ids(first)).toEqual([4, 5]);
      expect(await outbox.ack(first.token, ids(first), at(10))).toBe(2);
      // Event 2's lease stops the cursor: it stays claimable once the lease lapses.
      expect((await pool.query(`select open_from::int as open_from from "${schema}".outbox_cursor`)).rows).toEqual([{ open_from: 2 }]);
      expect((await outbox.claim({ limit: 10, leaseMs: 1_000, now: at(59_999) })).events).toEqual([]);
      const lapsed = await outbox.claim({ limit: 10, leaseMs: 1_000, now: at(60_000) });
      expect(ids(lapsed)).toEqual([2]);
      expect(await outbox.ack(lapsed.token, ids(lapsed), at(60_010))).toBe(1);

      // Everything acknowledged: the next claim moves the cursor past the newest event; new events follow it.
      expect((await outbox.claim({ limit: 10, leaseMs: 1_000, now: at(61_000) })).events).toEqual([]);
      expect((await pool.query(`select open_from::int as open_from from "${schema}".outbox_cursor`)).rows).toEqual([{ open_from: 6 }]);
      const [next] = await outbox.append([{ type: 'ticket.created', occurredAt: at(61_000), data: {}, internal: false, subscriptionId: null }]);
      expect(next!.id).toBe(6);
      expect(ids(await outbox.claim({ limit: 10, leaseMs: 1_000, now: at(61_000) }))).toEqual([6]);
    });
  });

  it('rolls back to the open-events index', async () => {
    await withSchemaMigratedTo('obcursordown', '0007-outbox-cursor', async ({ pool, schema }) => {
      const { outboxCursor } = await import('../src/migrations/0007-outbox-cursor.js');
      const { Kysely, PostgresDialect } = await import('kysely');
      const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
      await outboxCursor(schema).down!(db);
      const indexes = await pool.query(`select indexname from pg_indexes where schemaname = $1 and tablename = 'outbox' order by 1`, [schema]);
      expect(indexes.rows.map((r) => r.indexname)).toEqual(['outbox_acked_idx', 'outbox_open_idx', 'outbox_pkey']);
      expect((await pool.query(`select to_regclass($1) as t`, [`"${schema}".outbox_cursor`])).rows).toEqual([{ t: null }]);
    });
  });
});
