import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTicketing, createMemoryBlobStore } from '@tessera/core';
import { addCustomerAndStaff } from '@tessera/core/testing';
import { PG_URL, pgAvailable, useTestSchema } from './pg-test-schema.js';

describe.skipIf(!pgAvailable)('postgres outbox: ids in commit order', () => {
  const db = useTestSchema('outbox_order');

  it('a consumer polling `id > last` while 4 pools create and update never skips a row', async () => {
    const first = await db.fresh();
    const { customer, staff } = await addCustomerAndStaff(first.directory);
    const actor = { id: staff.id, role: 'staff' as const };
    const writers = [first, ...Array.from({ length: 3 }, () => db.store({ poolSize: 4 }))].map((store) => createTicketing({ store, blobs: createMemoryBlobStore() }));

    let writing = true;
    const seen: number[] = [];
    const poller = new pg.Client({ connectionString: PG_URL });
    await poller.connect();
    const poll = (async () => {
      let last = 0;
      for (;;) {
        const done = !writing; // one more poll after the writers finished
        const { rows } = await poller.query<{ id: string }>(`select id from "${db.schema}".outbox where id > $1 order by id`, [last]);
        for (const row of rows) seen.push(Number(row.id));
        if (rows.length > 0) last = Number(rows.at(-1)!.id);
        if (done) return;
      }
    })();

    // Creates serialize on the ticket counter; updates of different tickets do not, so they are
    // what would commit out of id order without the outbox's ordering lock.
    await Promise.all(
      writers.flatMap((ticketing, w) =>
        Array.from({ length: 4 }, async (_, lane) => {
          const own = await ticketing.tickets.create(actor, { subject: `w${w}/${lane}`, description: 'x', customerId: customer.id });
          for (let i = 0; i < 40; i++) {
            await ticketing.tickets.patch(actor, own.id, { description: `edit ${i}` });
            if (i % 8 === 0) await ticketing.tickets.create(actor, { subject: `w${w}/${lane}/${i}`, description: 'x', customerId: customer.id });
          }
        }),
      ),
    );
    writing = false;
    await poll;
    const { rows } = await poller.query<{ id: string }>(`select id from "${db.schema}".outbox order by id`);
    await poller.end();

    const all = rows.map((r) => Number(r.id));
    expect(all.length).toBe(16 * (1 + 40 + 5));
    // The poller saw every committed row, each once, in increasing order.
    expect(seen).toEqual(all);
  }, 120_000);

  it('a writer holding a low id makes later writers wait, so a poller never passes an uncommitted id', async () => {
    const store = await db.fresh();
    const { customer, staff } = await addCustomerAndStaff(store.directory);
    const actor = { id: staff.id, role: 'staff' as const };
    const ticketing = createTicketing({ store, blobs: createMemoryBlobStore() });
    const ticket = await ticketing.tickets.create(actor, { subject: 'first', description: 'x', customerId: customer.id });

    // Another process's transaction draws the next outbox id and stays open.
    const slow = new pg.Client({ connectionString: PG_URL });
    const poller = new pg.Client({ connectionString: PG_URL });
    await Promise.all([slow.connect(), poller.connect()]);
    try {
      await slow.query('begin');
      const held = await slow.query<{ id: string }>(
        `insert into "${db.schema}".outbox (type, occurred_at, data) values ('ticket.updated', now(), '{}') returning id`,
      );
      const patch = ticketing.tickets.patch(actor, ticket.id, { description: 'edited' });
      const create = ticketing.tickets.create(actor, { subject: 'second', description: 'x', customerId: customer.id });
      // Both wait for the ordering lock (an observable state, not a sleep) ...
      for (let i = 0; ; i++) {
        const { rows } = await poller.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event = 'advisory' and strpos(query, $1) > 0`,
          [db.schema],
        );
        if (rows[0]!.n === 2) break;
        if (i > 2000) throw new Error('the writers never waited for the ordering lock');
        await new Promise((r) => setImmediate(r));
      }
      // ... so nothing past the open id is visible yet, and a poller's `last` cannot move past it.
      const before = await poller.query(`select id from "${db.schema}".outbox where id > $1`, [0]);
      expect(before.rows.map((r) => Number(r.id)).every((id) => id < Number(held.rows[0]!.id))).toBe(true);
      await slow.query('commit');
      await Promise.all([patch, create]);
      const after = await poller.query<{ id: string; type: string }>(`select id, type from "${db.schema}".outbox order by id`);
      const ids = after.rows.map((r) => Number(r.id));
      expect(ids.filter((id) => id > Number(held.rows[0]!.id))).toHaveLength(2);
    } finally {
      await slow.query('rollback').catch(() => undefined);
      await Promise.all([slow.end(), poller.end()]);
    }
  }, 60_000);
});
