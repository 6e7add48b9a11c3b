import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createMemoryBlobStore, createTicketing } from '@tessera/core';
import { addCustomerAndStaff } from '@tessera/core/testing';
import { createPostgresStore } from '../src/index.js';
import { PG_URL, pgAvailable, recordingPool, useTestSchema } from './pg-test-schema.js';

describe.skipIf(!pgAvailable)('postgres store: writes that travel with COMMIT', () => {
  const db = useTestSchema('write_behind');

  it('a create sends two messages: BEGIN with the counter UPDATE, then its INSERTs with COMMIT', async () => {
    await (await db.fresh()).close();
    const log: string[] = [];
    const pool = recordingPool(log);
    const store = createPostgresStore({ pool }, { schema: db.schema });
    try {
      const { customer, staff: agent } = await addCustomerAndStaff(store.directory);
      const ticketing = createTicketing({ store, blobs: createMemoryBlobStore(), outbox: true });
      log.length = 0;
      // Quotes, backslashes and a dollar sign survive being inlined as literals.
      const subject = `O'Brien's printer: C:\\spool\\$1 won't print`;
      const created = await ticketing.tickets.create({ id: agent.id, role: 'staff' }, { subject, description: 'x', customerId: customer.id, tags: ['a', "b'c"] });

      const begin = log.findIndex((text) => text.startsWith('begin'));
      const transaction = log.slice(begin, log.findIndex((text) => text.endsWith('commit')) + 1);
      expect(transaction, log.join('\n')).toHaveLength(2);
      expect(transaction[0]).toMatch(/^begin; with counter as \(update "[a-z0-9_]+"\.counters set value = value \+ 1 /u);
      // The counter's row lock is held from the end of message 1 to the end of message 2.
      expect(transaction[1]).toMatch(/^insert into "[a-z0-9_]+"\."tickets" .*; insert into "[a-z0-9_]+"\."ticket_history" .*; insert into "[a-z0-9_]+"\."outbox" .*; commit$/iu);

      expect(created.subject).toBe(subject);
      // What the store's insertTicket answers without a round trip is what the row reads back as.
      const { newTicket } = await import('@tessera/core/testing');
      log.length = 0;
      const inserted = await store.transaction(async (tx) =>
        tx.insertTicket(newTicket(await tx.allocateTicketSequence(), { subject, tags: ['a', "b'c"], dueDate: new Date('2024-02-29T12:34:56.789Z'), estimatedHours: 2.5 })),
      );
      expect(log.some((text) => /returning/iu.test(text) && /insert into "[a-z0-9_]+"\."tickets"/iu.test(text))).toBe(false);
      expect(await store.getTicket(inserted.id)).toEqual(inserted);
      const history = await store.listHistory({ ticketId: created.id, includeInternal: true });
      expect(history.rows.map((h) => [h.action, h.newValue])).toEqual([['created', created.ticketNumber]]);
      const [event] = (await store.webhooks.outbox.claim({ limit: 10, leaseMs: 1000, now: new Date() })).events;
      expect((event!.data as { ticket: { subject: string; tags: string[] } }).ticket).toMatchObject({ subject, tags: ['a', "b'c"] });
    } finally {
      await store.close();
      await pool.end();
    }
  });

  it('a read inside the transaction sees the queued writes before them', async () => {
    const store = await db.fresh();
    const seen = await store.transaction(async (tx) => {
      const sequence = await tx.allocateTicketSequence();
      const { newTicket } = await import('@tessera/core/testing');
      const ticket = await tx.insertTicket(newTicket(sequence));
      await tx.insertHistory([
        { ticketId: ticket.id, userId: 1, action: 'created', fieldName: null, oldValue: null, newValue: ticket.ticketNumber, timestamp: ticket.createdAt, isInternal: false },
      ]);
      return { ticket: await tx.getTicket(ticket.id), history: (await tx.listHistory({ ticketId: ticket.id, includeInternal: true })).rows.length, expected: ticket };
    });
    expect(seen.ticket).toEqual(seen.expected);
    expect(seen.history).toBe(1);
  });

  it('a queued INSERT that fails at COMMIT rolls the whole transaction back and gives the number back', async () => {
    const store = await db.fresh();
    const { newTicket } = await import('@tessera/core/testing');
    await expect(
      store.transaction(async (tx) => {
        const ticket = await tx.insertTicket(newTicket(await tx.allocateTicketSequence()));
        await tx.appendOutbox([{ type: 'ticket.created', occurredAt: new Date(), data: { ticket }, internal: false, subscriptionId: 0.5 }]);
      }),
    ).rejects.toThrow();
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    const left = await client.query<{ n: number }>(`select (select count(*) from "${db.schema}".tickets)::int + (select count(*) from "${db.schema}".outbox)::int as n`);
    await client.end();
    expect(left.rows[0]!.n).toBe(0);
    expect(await store.transaction((tx) => tx.allocateTicketSequence())).toBe(1);
  });
});
