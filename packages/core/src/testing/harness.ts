import { afterEach, beforeEach } from 'vitest';
import type { TicketStore } from '../ports/ticket-store.js';

/** Options of {@link runStoreConformance}. */
export interface StoreConformanceOptions {
  /** Shown in the suite's name, e.g. `"sqlite"`. */
  name: string;
  /** A fresh, empty, migrated store. Called before every test; tests never share rows. */
  createStore: () => Promise<TicketStore>;
  /** Closes a store made by `createStore` after its test. Defaults to `store.close()`. */
  teardown?: (store: TicketStore) => Promise<void>;
}

/** Gives each test of the enclosing `describe` its own store; returns an accessor for it. */
export function useStore(options: StoreConformanceOptions): () => TicketStore {
  let store: TicketStore | undefined;
  beforeEach(async () => {
    store = await options.createStore();
  });
  afterEach(async () => {
    const done = store;
    store = undefined;
    if (done) await (options.teardown ? options.teardown(done) : done.close());
  });
  return () => {
    if (!store) throw new Error('The conformance store is only available inside a test.');
    return store;
  };
}
