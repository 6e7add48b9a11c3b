import { describe, expect, it } from 'vitest';
import { createMemoryBlobStore, createMemoryStore, createTicketing, inTransactionOf, runAsTransaction, type TicketStore } from '../src/index.js';
import { libraryTransactionBody } from '../src/ports/transaction-guard.js';

// The guard switches its AsyncLocalStorage off whenever no transaction runs (so reads do not pay
// for it) and on again at the next transaction: nesting must be caught across those switches.
describe('transaction guard', () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('rejects a nested transaction of the same store, in the first and in later transactions', async () => {
    const store = {};
    for (let round = 0; round < 3; round++) {
      const outcome = await runAsTransaction(store, async () => {
        await tick();
        expect(inTransactionOf(store)).toBe(true);
        return runAsTransaction(store, async () => 'nested ran').catch((error: Error) => error.message);
      });
      expect(outcome).toMatch(/Nested transaction/);
      expect(inTransactionOf(store)).toBe(false);
    }
  });

  it('lets transactions of other stores run inside, and concurrent transactions of one store side by side', async () => {
    const a = {};
    const b = {};
    expect(await runAsTransaction(a, () => runAsTransaction(b, async () => inTransactionOf(a) && inTransactionOf(b)))).toBe(true);
    let releaseFirst!: () => void;
    const first = runAsTransaction(a, () => new Promise<string>((resolve) => (releaseFirst = () => resolve('first'))));
    const second = runAsTransaction(a, async () => {
      releaseFirst();
      await first; // the first one ends while this one still runs
      await tick();
      return runAsTransaction(a, async () => 'nested ran').catch((error: Error) => error.message);
    });
    expect(await first).toBe('first');
    expect(await second).toMatch(/Nested transaction/);
  });

  it('is outside every transaction once a transaction has failed', async () => {
    const store = {};
    await expect(runAsTransaction(store, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await runAsTransaction(store, async () => 'ok')).toBe('ok');
  });

  // Tracking costs every promise on Node 22; the service's own bodies use only their `tx`.
  it('does not track the service\'s own transaction bodies, and tracks every other body', async () => {
    const store = {};
    const tracked = (body: () => Promise<boolean>) => runAsTransaction(store, body, body);
    expect(await tracked(libraryTransactionBody(async () => inTransactionOf(store)))).toBe(false);
    expect(await tracked(async () => inTransactionOf(store))).toBe(true);
    // Without a body, as a store written before `body` existed calls it: tracked.
    expect(await runAsTransaction(store, async () => inTransactionOf(store))).toBe(true);
  });

  it('the service passes its own bodies for every write, and a host\'s body stays guarded', async () => {
    const inner = createMemoryStore();
    const owner = {};
    const tracking: boolean[] = [];
    // A store that reports, per transaction, whether the guard tracked the body it was given.
    const store: TicketStore = {
      ...inner,
      transaction: (fn, options) =>
        runAsTransaction(owner, async () => {
          tracking.push(inTransactionOf(owner));
          return inner.transaction(fn, options);
        }, fn),
    };
    const ticketing = createTicketing({ store, blobs: createMemoryBlobStore() });
    const staff = { id: 1, role: 'staff' as const };
    const customer = await inner.directory.addCustomer({ name: 'A', email: 'a@example.test' });
    const ticket = await ticketing.tickets.create(staff, { subject: 's', description: 'd', customerId: customer.id });
    await ticketing.tickets.patch(staff, ticket.id, { priority: 'high' });
    await ticketing.comments.add(staff, ticket.id, { content: 'c' });
    const attachment = await ticketing.attachments.add(staff, ticket.id, { filename: 'a.txt', body: new Uint8Array([1]) });
    await ticketing.attachments.remove(staff, attachment.id);
    await ticketing.sla.tick();
    await ticketing.tickets.delete(staff, ticket.id);
    expect(tracking.length).toBeGreaterThanOrEqual(7); // the tick may run several
    expect(tracking.every((tracked) => !tracked)).toBe(true);
    await store.transaction(async () => undefined);
    expect(tracking.at(-1)).toBe(true);
  });
});
