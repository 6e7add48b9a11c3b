import { describe, expect, it } from 'vitest';
import { createMemoryBlobStore, createMemoryStore, createTicketing, type TicketStore } from '../src/index.js';

/** A store that is not the memory store (as a durable SQL store would be), delegating to one. */
function durableLookingStore(): TicketStore {
  const inner = createMemoryStore();
  return { ...inner, transaction: (fn) => inner.transaction(fn) };
}

describe('createTicketing blob store default', () => {
  it('keeps attachment bytes in memory only with the memory store', async () => {
    const store = createMemoryStore();
    const ticketing = createTicketing({ store });
    const acme = await store.directory.addCustomer({ name: 'Acme', email: 'a@acme.test' });
    const staff = { id: (await store.directory.addUser({ name: 'S', email: 's@x.test', role: 'staff' })).id, role: 'staff' } as const;
    const t = await ticketing.tickets.create(staff, { subject: 's', description: 'd', customerId: acme.id });
    const a = await ticketing.attachments.add(staff, t.id, { filename: 'f.txt', body: new Blob(['hi']).stream() });
    const { body } = await ticketing.attachments.read(staff, a.id);
    expect(await new Response(body).text()).toBe('hi');
  });

  it('refuses a durable store without `blobs`, naming the fix', () => {
    expect(() => createTicketing({ store: durableLookingStore() })).toThrow(/`blobs` is required with a durable store/u);
  });

  it('accepts a durable store with an explicit blob store', () => {
    expect(() => createTicketing({ store: durableLookingStore(), blobs: createMemoryBlobStore() })).not.toThrow();
  });
});
