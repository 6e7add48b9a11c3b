import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { OutboxEvent } from '@tessera/core';
import { openSqliteStore, tableNames } from '@tessera/store-sqlite';
import { databaseMigratedTo, useTempDir } from './helpers.js';

const path = useTempDir('outbox-rowids');
const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);
const ids = (claim: { events: OutboxEvent[] }) => claim.events.map((e) => e.id);

// The outbox rows of a database at 0008, by id: [acked_at, lease_token, lease_expires_at, subscription_id, internal].
const OLD_ROWS: [number, number | null, string | null, number | null, number | null, number][] = [
  [1, T0 - 5_000, null, null, null, 0], // acknowledged
  [2, T0 - 4_000, null, null, null, 0], // acknowledged
  [3, null, 'consumer-a', T0 + 60_000, null, 0], // leased, lease holds
  [4, null, 'consumer-b', T0 - 1, null, 0], // leased, lease lapsed (its consumer died)
  [5, null, null, null, 9, 1], // open: a ping for subscription 9, internal
  [6, null, 'consumer-c', T0 + 60_000, null, 0], // leased, lease holds
  [7, T0 - 3_000, null, null, null, 0], // acknowledged, then pruned
  [8, T0 - 2_000, null, null, null, 0], // acknowledged, then pruned: AUTOINCREMENT remembers 8
];
const eventOf = ([id, , , , subscriptionId, internal]: (typeof OLD_ROWS)[number]): OutboxEvent => ({
  id,
  type: 'ticket.updated',
  occurredAt: new Date(T0 - 10_000 + id),
  data: { n: id },
  internal: internal === 1,
  subscriptionId,
});

function writeOldOutbox(file: string, outbox: string, rows: typeof OLD_ROWS, pruned: number[]): void {
  const db = new Database(file);
  const insert = db.prepare(`INSERT INTO ${outbox} (type, occurred_at, data, internal, subscription_id, acked_at, lease_token, lease_expires_at)
    VALUES ('ticket.updated', ?, ?, ?, ?, ?, ?, ?)`);
  for (const [id, ackedAt, token, expires, subscriptionId, internal] of rows) {
    insert.run(T0 - 10_000 + id, JSON.stringify({ n: id }), internal, subscriptionId, ackedAt, token, expires);
  }
  if (pruned.length > 0) db.prepare(`DELETE FROM ${outbox} WHERE id IN (${pruned.join(', ')})`).run();
  db.close();
}

describe('migration 0009-outbox-rowids', () => {
  for (const tablePrefix of [undefined, 'helpdesk_']) {
    it(`keeps the events, ids, leases and acknowledgements of the previous schema; claims and ids go on from them (prefix ${tablePrefix ?? 'default'})`, async () => {
      const n = tableNames(tablePrefix);
      const file = path(`upgrade-${tablePrefix ?? 'default'}.db`);
      await databaseMigratedTo(file, '0008-duration-percentiles', tablePrefix);
      writeOldOutbox(file, n.outbox, OLD_ROWS, [7, 8]);

      const store = await openSqliteStore({ filename: file, tablePrefix });
      expect(store.schemaState().pending).toEqual([]);
      const schema = store.database.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).pluck().get(n.outbox) as string;
      expect(schema).toMatch(/id INTEGER PRIMARY KEY,/);
      expect(schema).not.toMatch(/AUTOINCREMENT/);
      expect(store.database.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?`).pluck().all(n.outbox)).toEqual([`${n.outbox}_acked`]);
      expect(store.database.prepare(`SELECT open_from FROM ${n.outbox_cursor}`).pluck().all()).toEqual([3]);

      const outbox = store.webhooks.outbox;
      // Every event as it was; the pruned id 8, the highest handed out, is held by an acknowledged placeholder.
      const kept = await outbox.get([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(kept.slice(0, 6)).toEqual(OLD_ROWS.slice(0, 6).map(eventOf));
      expect(kept.slice(6)).toEqual([{ id: 8, type: 'outbox.reserved', occurredAt: new Date(0), data: null, internal: false, subscriptionId: null }]);

      // The lapsed lease and the open event are claimable; the holding leases still hold, and their tokens still acknowledge.
      const first = await outbox.claim({ limit: 10, leaseMs: 1_000, now: at(0) });
      expect(first.events).toEqual([eventOf(OLD_ROWS[3]!), eventOf(OLD_ROWS[4]!)]);
      expect(await outbox.ack(first.token, ids(first), at(10))).toBe(2);
      expect(await outbox.ack('consumer-a', [3], at(20))).toBe(1);
      expect((await outbox.claim({ limit: 10, leaseMs: 1_000, now: at(59_999) })).events).toEqual([]);
      const lapsed = await outbox.claim({ limit: 10, leaseMs: 1_000, now: at(60_000) });
      expect(ids(lapsed)).toEqual([6]);
      expect(await outbox.ack(lapsed.token, ids(lapsed), at(60_010))).toBe(1);

      // The next id follows the highest ever handed out, not the highest left.
      const [next] = await outbox.append([{ type: 'ticket.created', occurredAt: at(61_000), data: {}, internal: false, subscriptionId: null }]);
      expect(next!.id).toBe(9);
      const last = await outbox.claim({ limit: 10, leaseMs: 1_000, now: at(61_000) });
      expect(ids(last)).toEqual([9]);
      await outbox.ack(last.token, [9], at(61_010));
      // Pruning takes every old row, the placeholder too, and keeps the newest.
      expect(await outbox.prune(at(120_000))).toBe(7);
      expect((await outbox.get([1, 2, 3, 4, 5, 6, 7, 8, 9])).map((e) => e.id)).toEqual([9]);
      await store.close();
    });
  }

  it('adds no placeholder when no id was pruned; an outbox never written starts at id 1', async () => {
    const n = tableNames();
    const used = path('used.db');
    await databaseMigratedTo(used, '0008-duration-percentiles');
    writeOldOutbox(used, n.outbox, OLD_ROWS.slice(0, 2), []);
    const store = await openSqliteStore({ filename: used });
    expect((await store.webhooks.outbox.get([1, 2, 3])).map((e) => e.id)).toEqual([1, 2]);
    expect(store.database.prepare(`SELECT open_from FROM ${n.outbox_cursor}`).pluck().get()).toBe(3);
    const [next] = await store.webhooks.outbox.append([{ type: 'ping', occurredAt: at(0), data: {}, internal: false, subscriptionId: 1 }]);
    expect(next!.id).toBe(3);
    await store.close();

    const unused = path('unused.db');
    await databaseMigratedTo(unused, '0008-duration-percentiles');
    const fresh = await openSqliteStore({ filename: unused });
    const [first] = await fresh.webhooks.outbox.append([{ type: 'ping', occurredAt: at(0), data: {}, internal: false, subscriptionId: 1 }]);
    expect(first!.id).toBe(1);
    expect(ids(await fresh.webhooks.outbox.claim({ limit: 10, leaseMs: 1_000, now: at(0) }))).toEqual([1]);
    await fresh.close();
  });
});
