import { createMemoryStore, createTicketing, type Actor, type Clock, type TicketingOptions } from '../src/index.js';

/** A clock tests move by hand. */
export function manualClock(start = '2025-01-01T00:00:00Z'): Clock & { advanceHours(h: number): void; set(iso: string): void } {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    advanceHours(h) {
      current += h * 3_600_000;
    },
    set(iso) {
      current = new Date(iso).getTime();
    },
  };
}

/**
 * A memory-backed service with a directory holding two staff users, two customers and one
 * customer user for each customer.
 */
export async function setup(options: Partial<TicketingOptions> = {}) {
  const store = createMemoryStore();
  const clock = manualClock();
  const dir = store.directory;
  const acme = await dir.addCustomer({ name: 'Acme', email: 'ops@acme.test' });
  const globex = await dir.addCustomer({ name: 'Globex', email: 'it@globex.test' });
  const alice = await dir.addUser({ name: 'Alice', email: 'alice@support.test', role: 'staff' });
  const bob = await dir.addUser({ name: 'Bob', email: 'bob@support.test', role: 'staff' });
  const carol = await dir.addUser({ name: 'Carol', email: 'carol@acme.test', role: 'customer', customerId: acme.id });
  const dave = await dir.addUser({ name: 'Dave', email: 'dave@globex.test', role: 'customer', customerId: globex.id });
  const ticketing = createTicketing({ store, clock, ...options });
  const actor = (u: { id: number; role: 'staff' | 'customer'; customerId: number | null }): Actor => ({
    id: u.id,
    role: u.role,
    customerId: u.customerId,
  });
  return {
    store,
    clock,
    ticketing,
    acme,
    globex,
    alice: actor(alice),
    bob: actor(bob),
    carol: actor(carol),
    dave: actor(dave),
  };
}
