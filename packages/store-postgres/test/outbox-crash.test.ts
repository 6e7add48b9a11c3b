import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTicketing, createMemoryBlobStore } from '@tessera/core';
import { addCustomerAndStaff, readyOrExit } from '@tessera/core/testing';
import { PG_URL, pgAvailable, useTestSchema } from './pg-test-schema.js';
import { startPgWorker } from './pg-workers.js';

describe.skipIf(!pgAvailable)('postgres outbox survives kill -9', () => {
  const db = useTestSchema('outbox_crash');

  it('a process killed mid-burst leaves every committed change with its outbox rows, and no row without its change', async () => {
    const store = await db.fresh();
    const { customer, staff } = await addCustomerAndStaff(store.directory);
    const worker = startPgWorker('outbox-burst.ts', {
      SCHEMA: db.schema,
      ACTOR_ID: String(staff.id),
      CUSTOMER_ID: String(customer.id),
      CONCURRENCY: '4',
    });
    await readyOrExit(worker);

    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    const s = `"${db.schema}"`;
    const n = async (text: string) => Number((await client.query<{ n: string }>(text)).rows[0]!.n);
    while ((await n(`select count(*) as n from ${s}.tickets`)) < 150) await new Promise((resolve) => setTimeout(resolve, 5));
    worker.kill('SIGKILL');
    expect((await worker.exited).signal).toBe('SIGKILL');
    // One snapshot for every check: a COMMIT the killed process had already sent may still land.
    await client.query('begin isolation level repeatable read');
    const tickets = await n(`select count(*) as n from ${s}.tickets`);
    const comments = await n(`select count(*) as n from ${s}.ticket_comments`);
    expect(tickets).toBeGreaterThanOrEqual(150);
    expect(await n(`select count(*) as n from ${s}.tickets t where not exists (select 1 from ${s}.outbox o
      where o.type = 'ticket.created' and (o.data->'ticket'->>'id')::bigint = t.id)`)).toBe(0);
    expect(await n(`select count(*) as n from ${s}.outbox o where o.type = 'ticket.created' and not exists
      (select 1 from ${s}.tickets t where t.id = (o.data->'ticket'->>'id')::bigint)`)).toBe(0);
    expect(await n(`select count(*) as n from ${s}.ticket_comments c where not exists (select 1 from ${s}.outbox o
      where o.type = 'comment.created' and (o.data->'comment'->>'id')::bigint = c.id and o.internal = c.is_internal)`)).toBe(0);
    expect(await n(`select count(*) as n from ${s}.outbox o where o.type = 'comment.created' and not exists
      (select 1 from ${s}.ticket_comments c where c.id = (o.data->'comment'->>'id')::bigint)`)).toBe(0);
    expect(await n(`select count(*) as n from ${s}.outbox`)).toBe(tickets + comments);
    await client.query('commit');

    // Writers go on: the next change gets an id above every committed one.
    const before = await n(`select max(id) as n from ${s}.outbox`);
    await createTicketing({ store, blobs: createMemoryBlobStore() }).tickets.create({ id: staff.id, role: 'staff' }, { subject: 'after', description: 'x', customerId: customer.id });
    expect(await n(`select max(id) as n from ${s}.outbox`)).toBeGreaterThan(before);
    await client.end();
  }, 60_000);
});
