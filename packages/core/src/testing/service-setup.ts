import type { Actor } from '../domain/model.js';
import { createMemoryBlobStore } from '../memory/memory-blob-store.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { TicketStore } from '../ports/ticket-store.js';
import { createTicketing } from '../service/create-ticketing.js';
import type { Ticketing } from '../service/types.js';

/** A clock tests move by hand. */
export interface ManualClock extends Clock {
  advanceHours(hours: number): void;
}

export function manualClock(startIso: string): ManualClock {
  let current = new Date(startIso).getTime();
  return {
    now: () => new Date(current),
    advanceHours: (hours) => {
      current += hours * 3_600_000;
    },
  };
}

/** A service over `store` with two customers (acme, globex), two staff and one portal user per customer. */
export interface ServiceWorld {
  ticketing: Ticketing;
  blobs: BlobStore;
  clock: ManualClock;
  acme: number;
  globex: number;
  staff: Actor;
  staff2: Actor;
  acmeUser: Actor;
  globexUser: Actor;
}

/**
 * Builds a {@link ServiceWorld}. Uses the store's own directory when it has one (so the service
 * checks ids against it); otherwise fixed ids, which the service then does not check.
 */
export async function serviceWorld(store: TicketStore): Promise<ServiceWorld> {
  const clock = manualClock('2024-05-01T09:00:00.000Z');
  const blobs = createMemoryBlobStore();
  const ticketing = createTicketing({ store, blobs, clock });
  const dir = store.directory;
  if (!dir) {
    return {
      ticketing, blobs, clock, acme: 1, globex: 2,
      staff: { id: 1, role: 'staff' }, staff2: { id: 2, role: 'staff' },
      acmeUser: { id: 3, role: 'customer', customerId: 1 }, globexUser: { id: 4, role: 'customer', customerId: 2 },
    };
  }
  const acme = (await dir.addCustomer({ name: 'Acme', email: 'support@acme.test' })).id;
  const globex = (await dir.addCustomer({ name: 'Globex', email: 'support@globex.test' })).id;
  const user = async (name: string, role: 'staff' | 'customer', customerId: number | null = null): Promise<Actor> => {
    const u = await dir.addUser({ name, email: `${name.toLowerCase()}@people.test`, role, customerId });
    return { id: u.id, role: u.role, customerId: u.customerId };
  };
  return {
    ticketing, blobs, clock, acme, globex,
    staff: await user('Sam', 'staff'),
    staff2: await user('Tess', 'staff'),
    acmeUser: await user('Ada', 'customer', acme),
    globexUser: await user('Gus', 'customer', globex),
  };
}

/** Reads a stream to bytes. */
export async function readBytes(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: number[] = [];
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) chunks.push(...chunk);
  return Uint8Array.from(chunks);
}
