import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createMemoryBlobStore, createTicketing, formatTicketNumber } from '@tessera/core';
import { addCustomerAndStaff, newTicket } from '@tessera/core/testing';
import { PG_URL, pgAvailable, useTestSchema } from './pg-test-schema.js';
import { REPO_ROOT, workerScript } from './pg-workers.js';

const run = promisify(execFile);

describe.skipIf(!pgAvailable)('postgres store: numbering across processes', () => {
  const db = useTestSchema('numbering');

  it('4 processes × 250 creates give 1,000 distinct consecutive numbers, in id order, with no error', async () => {
    const store = await db.fresh();
    const { customer, staff: agent } = await addCustomerAndStaff(store.directory);

    const workers = Array.from({ length: 4 }, () =>
      run(process.execPath, ['--conditions=dev-source', '--import', 'tsx', workerScript('create-tickets.ts')], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          PG_URL,
          SCHEMA: db.schema,
          COUNT: '250',
          CONCURRENCY: '4',
          ACTOR_ID: String(agent.id),
          CUSTOMER_ID: String(customer.id),
        },
      }),
    );
    const outputs = (await Promise.all(workers)).map((r) => JSON.parse(r.stdout.trim().split('\n').at(-1)!));
    for (const output of outputs) {
      expect(output.errors).toEqual([]);
      expect(output.rolledBack).toBe(25);
    }

    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string; sequence: string; ticket_number: string }>(
        `select id, sequence, ticket_number from "${db.schema}".tickets order by id`,
      );
      expect(rows).toHaveLength(1000);
      // Gapless and strictly increasing with id, despite 100 rolled-back allocations.
      expect(rows.map((r) => Number(r.sequence))).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
      expect(new Set(rows.map((r) => r.ticket_number)).size).toBe(1000);
      expect(rows[999]!.ticket_number).toBe('TKT-001000');
      const history = await client.query(`select count(*)::int as n from "${db.schema}".ticket_history where action = 'created'`);
      expect(history.rows[0].n).toBe(1000);
    } finally {
      await client.end();
    }
  }, 120_000);
});

describe.skipIf(!pgAvailable)('postgres store: numbering under 16 concurrent creators with rollbacks', () => {
  const db = useTestSchema('numbering16');

  it('committed creates get 1…n with no gap or duplicate, in id and outbox-id order; rolled-back ones leave nothing', async () => {
    const store = await db.fresh({ poolSize: 16 });
    const { customer, staff: agent } = await addCustomerAndStaff(store.directory);
    const actor = { id: agent.id, role: 'staff' as const };
    const ticketing = createTicketing({ store, blobs: createMemoryBlobStore(), outbox: true });

    /**
     * A create that writes its ticket, history and outbox row, then fails: in `fn`, or in the
     * COMMIT message. Half of them run grouped with the service's creates (`createsTicket`).
     */
    const abandoned = (i: number, where: 'fn' | 'commit') =>
      store.transaction(async (tx) => {
        const sequence = await tx.allocateTicketSequence();
        const ticket = await tx.insertTicket(newTicket(sequence, { customerId: customer.id, createdById: agent.id, subject: `abandoned ${i}` }));
        await tx.insertHistory([
          { ticketId: ticket.id, userId: agent.id, action: 'created', fieldName: null, oldValue: null, newValue: ticket.ticketNumber, timestamp: new Date(), isInternal: false },
        ]);
        // A fractional subscription id is refused by the bigint column: only when the queued INSERT reaches the server.
        await tx.appendOutbox([{ type: 'ticket.created', occurredAt: new Date(), data: { ticket }, internal: false, subscriptionId: where === 'commit' ? 0.5 : null }]);
        if (where === 'fn') throw new Error('abandon');
      }, { createsTicket: i % 16 >= 8 });

    let next = 0;
    const failures = { fn: 0, commit: 0 };
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < 320) {
          const i = next++;
          if (i % 4 === 1) {
            await expect(abandoned(i, 'fn')).rejects.toThrow('abandon');
            failures.fn++;
          } else if (i % 8 === 3) {
            await expect(abandoned(i, 'commit')).rejects.toThrow();
            failures.commit++;
          } else {
            await ticketing.tickets.create(actor, { subject: `created ${i}`, description: 'x', customerId: customer.id });
          }
        }
      }),
    );
    expect(failures).toEqual({ fn: 80, commit: 40 });

    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string; sequence: string; ticket_number: string; subject: string; outbox_id: string | null; history: number }>(
        `select t.id, t.sequence, t.ticket_number, t.subject,
                (select o.id from "${db.schema}".outbox o where (o.data -> 'ticket' ->> 'id')::bigint = t.id) as outbox_id,
                (select count(*)::int from "${db.schema}".ticket_history h where h.ticket_id = t.id and h.action = 'created') as history
         from "${db.schema}".tickets t order by t.id`,
      );
      expect(rows).toHaveLength(200);
      expect(rows.every((r) => r.subject.startsWith('created '))).toBe(true);
      // Gapless, unique, and in id order although 120 allocations were given back.
      expect(rows.map((r) => Number(r.sequence))).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect(rows.map((r) => r.ticket_number)).toEqual(Array.from({ length: 200 }, (_, i) => formatTicketNumber(i + 1)));
      expect(rows.every((r) => r.history === 1)).toBe(true);
      // Each create's outbox row exists, and outbox ids follow the numbers (both in commit order).
      const outboxIds = rows.map((r) => Number(r.outbox_id));
      expect(outboxIds.every((id) => id > 0)).toBe(true);
      expect(outboxIds).toEqual([...outboxIds].sort((a, b) => a - b));
      const outbox = await client.query<{ n: number }>(`select count(*)::int as n from "${db.schema}".outbox`);
      expect(outbox.rows[0]!.n).toBe(200);
      // The next create continues the sequence.
      const after = await ticketing.tickets.create(actor, { subject: 'after', description: 'x', customerId: customer.id });
      expect(after.ticketNumber).toBe(formatTicketNumber(201));
    } finally {
      await client.end();
    }
  }, 180_000);
});
