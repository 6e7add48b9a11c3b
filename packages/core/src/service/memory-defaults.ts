import { createMemoryStore as createStore, type MemoryStore } from '../memory/memory-store.js';
import type { TicketStore } from '../ports/ticket-store.js';

// Stores made by `createMemoryStore` (the public one below). A WeakSet rather than a flag on the
// store: the store port stays what it is, and no other store can claim to be volatile by accident.
const memoryStores = new WeakSet<TicketStore>();

/**
 * Creates an empty in-memory ticket store: the reference implementation of the `TicketStore`
 * port, for tests and examples. Data lives as long as the returned object. It is the only store
 * with which `createTicketing` may keep attachment bytes in memory by default.
 */
export function createMemoryStore(): MemoryStore {
  const store = createStore();
  memoryStores.add(store);
  return store;
}

/** Whether `store` was made by {@link createMemoryStore} (its data dies with the process anyway). */
export function isMemoryStore(store: TicketStore): boolean {
  return memoryStores.has(store);
}
