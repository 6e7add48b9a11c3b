import { describe, expect, it } from 'vitest';
import type { TicketStore, TicketStoreTx } from '../src/index.js';
import { setup } from './fixtures.js';

describe('events', () => {
  it('fire after commit, with the committed state visible to listeners', async () => {
    const { ticketing, alice, acme, store } = await setup();
    const seen: string[] = [];
    ticketing.events.on('*', (type, payload) => {
      seen.push(type);
      if (type === 'ticket.created') {
        // The listener runs after commit: a fresh read already finds the ticket.
        void store.getTicket((payload as { ticket: { id: number } }).ticket.id).then((t) => seen.push(t ? 'visible' : 'missing'));
      }
    });
    const t = await ticketing.tickets.create(alice, { subject: 's', description: 'd', customerId: acme.id });
    await ticketing.tickets.patch(alice, t.id, { status: 'open', assignedToId: alice.id });
    await ticketing.comments.add(alice, t.id, { content: 'hi' });
    await ticketing.tickets.delete(alice, t.id);
    expect(seen).toEqual([
      'ticket.created',
      'visible',
      'ticket.updated',
      'ticket.status_changed',
      'ticket.assigned',
      'comment.added',
      'ticket.deleted',
    ]);
  });

  it('never fire for a rolled-back change', async () => {
    const { ticketing, alice, acme, store } = await setup();
    const t = await ticketing.tickets.create(alice, { subject: 's', description: 'd', customerId: acme.id });
    // Make history writes fail inside the transaction, after the row update.
    const original = store.transaction.bind(store);
    (store as { transaction: TicketStore['transaction'] }).transaction = (fn) =>
      original((tx) =>
        fn({
          ...tx,
          insertHistory: async () => {
            throw new Error('disk full');
          },
        } as TicketStoreTx),
      );
    const seen: string[] = [];
    ticketing.events.on('*', (type) => seen.push(type));
    await expect(ticketing.tickets.patch(alice, t.id, { subject: 'changed' })).rejects.toThrow('disk full');
    await expect(ticketing.tickets.create(alice, { subject: 'x', description: 'd', customerId: acme.id })).rejects.toThrow('disk full');
    expect(seen).toEqual([]);
    (store as { transaction: TicketStore['transaction'] }).transaction = original;
    expect((await ticketing.tickets.get(alice, t.id)).subject).toBe('s');
    const next = await ticketing.tickets.create(alice, { subject: 'y', description: 'd', customerId: acme.id });
    expect(next.ticketNumber).toBe('TKT-000002');
  });

  it('fire once even when the store re-runs the transaction function (deadlock retry)', async () => {
    const { ticketing, alice, acme, store } = await setup();
    const t = await ticketing.tickets.create(alice, { subject: 's', description: 'd', customerId: acme.id });
    const original = store.transaction.bind(store);
    // A store that, like the Postgres store after a deadlock, discards the first attempt and re-runs fn.
    (store as { transaction: TicketStore['transaction'] }).transaction = async (fn) => {
      await original(async (tx) => {
        await fn(tx);
        throw new Error('deadlock detected');
      }).catch(() => undefined);
      return original(fn);
    };
    const seen: string[] = [];
    ticketing.events.on('*', (type) => seen.push(type));
    await ticketing.tickets.patch(alice, t.id, { status: 'open' });
    expect(seen).toEqual(['ticket.updated', 'ticket.status_changed']);
    (store as { transaction: TicketStore['transaction'] }).transaction = original;
    const history = await ticketing.history.list(alice, { ticketId: t.id, action: 'status_changed' });
    expect(history.count).toBe(1);
  });

  it('a throwing listener does not fail the committed operation', async () => {
    const errors: unknown[] = [];
    const { ticketing, alice, acme } = await setup({ onEventError: (e: unknown) => errors.push(e) } as never);
    ticketing.events.on('ticket.created', () => {
      throw new Error('listener bug');
    });
    const t = await ticketing.tickets.create(alice, { subject: 's', description: 'd', customerId: acme.id });
    expect(t.id).toBeGreaterThan(0);
    expect(errors).toHaveLength(1);
  });
});
