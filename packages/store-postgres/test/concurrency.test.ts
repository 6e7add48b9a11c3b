import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { canTransition, createMemoryBlobStore, createTicketing, InvalidTransitionError, type Actor, type TicketStatus } from '@tessera/core';
import { addCustomerAndStaff } from '@tessera/core/testing';
import type { PostgresStore } from '../src/index.js';
import { PG_URL, pgAvailable, useTestSchema } from './pg-test-schema.js';

describe.skipIf(!pgAvailable)('postgres store: concurrent writers on one ticket', () => {
  const db = useTestSchema('concurrency');

  /** Two service instances on separate pools: two app processes sharing the database. */
  async function setup() {
    // Enough connections for every queued writer of the burst test (5 per store).
    const first = await db.fresh({ poolSize: 6 });
    const second = db.store({ poolSize: 6 });
    const { customer, staff: user } = await addCustomerAndStaff(first.directory);
    const actor: Actor = { id: user.id, role: 'staff' };
    const apps = [createTicketing({ store: first, blobs: createMemoryBlobStore() }), createTicketing({ store: second, blobs: createMemoryBlobStore() })] as const;
    const ticket = await apps[0].tickets.create(actor, { subject: 'Printer', description: 'jammed', customerId: customer.id });
    return { apps, actor, ticket, store: first };
  }

  // A failing test must not leave a lock behind (the schema could not be dropped).
  const held: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(held.splice(0).map((release) => release()));
  });

  /** Holds the ticket's row lock from a third connection until `release()`. */
  async function holdRowLock(schema: string, id: number) {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query('begin');
    await client.query(`select id from "${schema}".tickets where id = $1 for update`, [id]);
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await client.query('commit');
      await client.end();
    };
    held.push(release);
    return { release };
  }

  /** Resolves once `n` backends are blocked on a lock in this database (an observable state, not a sleep). */
  async function waitForLockWaiters(n: number, schema = db.schema) {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      for (let i = 0; i < 500; i++) {
        const { rows } = await client.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity
           where datname = current_database() and wait_event_type = 'Lock'
             and query ilike '%for update%' and strpos(query, $1) > 0`,
          [schema],
        );
        if (rows[0]!.n >= n) return;
        await new Promise((r) => setImmediate(r));
      }
      throw new Error(`never saw ${n} lock waiters`);
    } finally {
      await client.end();
    }
  }

  async function statusChain(store: PostgresStore, ticketId: number) {
    const history = await store.listHistory({ ticketId, includeInternal: true });
    return history.rows.filter((h) => h.action === 'status_changed');
  }

  it('two PATCHes of different fields both persist, and the version counts both', async () => {
    const { apps, actor, ticket, store } = await setup();
    const lock = await holdRowLock(db.schema, ticket.id);
    const a = apps[0].tickets.patch(actor, ticket.id, { subject: 'Printer on floor 3' });
    const b = apps[1].tickets.patch(actor, ticket.id, { priority: 'urgent', actualHours: 1.25 });
    await waitForLockWaiters(2);
    await lock.release();
    await Promise.all([a, b]);

    const final = await store.getTicket(ticket.id);
    expect(final).toMatchObject({ subject: 'Printer on floor 3', priority: 'urgent', actualHours: 1.25, version: 3 });
    const history = await store.listHistory({ ticketId: ticket.id, includeInternal: true });
    expect(history.rows.map((h) => h.fieldName ?? '-').sort()).toEqual(['-', 'actual_hours', 'priority', 'subject']);
  });

  it('conflicting status changes are serialized and each is checked against the status it finds', async () => {
    const { apps, actor, ticket, store } = await setup();
    const lock = await holdRowLock(db.schema, ticket.id);
    const close = apps[0].tickets.changeStatus(actor, ticket.id, 'closed').then(() => 'ok', (e: unknown) => e);
    await waitForLockWaiters(1);
    const resolve = apps[1].tickets.changeStatus(actor, ticket.id, 'resolved').then(() => 'ok', (e: unknown) => e);
    await waitForLockWaiters(2);
    await lock.release();
    const [closed, resolved] = await Promise.all([close, resolve]);

    const final = (await store.getTicket(ticket.id))!;
    const chain = await statusChain(store, ticket.id);
    expect(closed).toBe('ok');
    expect(final.status).toBe('closed');
    if (resolved === 'ok') {
      // resolve won the lock: new → resolved → closed, both legal.
      expect(chain.map((h) => [h.oldValue, h.newValue])).toEqual([['new', 'resolved'], ['resolved', 'closed']]);
    } else {
      // close won: "resolved" was checked against "closed" and refused; nothing of it was written.
      expect(resolved).toBeInstanceOf(InvalidTransitionError);
      expect(chain.map((h) => [h.oldValue, h.newValue])).toEqual([['new', 'closed']]);
      expect(final.version).toBe(2);
    }
  });

  it('under a burst of status changes from two processes, history stays a legal chain ending at the row', async () => {
    const { apps, actor, ticket, store } = await setup();
    const targets: TicketStatus[] = ['open', 'in_progress', 'resolved', 'closed', 'reopened', 'pending', 'resolved', 'reopened', 'closed', 'open'];
    const lock = await holdRowLock(db.schema, ticket.id);
    const results = targets.map((status, i) =>
      apps[i % 2]!.tickets.changeStatus(actor, ticket.id, status).then(() => 'ok', (e: unknown) => e),
    );
    await waitForLockWaiters(targets.length);
    await lock.release();
    const outcomes = await Promise.all(results);
    for (const outcome of outcomes) if (outcome !== 'ok') expect(outcome).toBeInstanceOf(InvalidTransitionError);

    const chain = await statusChain(store, ticket.id);
    const final = (await store.getTicket(ticket.id))!;
    let current: TicketStatus = 'new';
    for (const step of chain) {
      expect(step.oldValue).toBe(current);
      expect(canTransition(current, step.newValue as TicketStatus)).toBe(true);
      current = step.newValue as TicketStatus;
    }
    expect(final.status).toBe(current);
    expect(final.version).toBe(1 + chain.length);
  });
});
