import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { TicketStore } from '../ports/ticket-store.js';

/** Options of {@link runStoreConformance}. */
export interface StoreConformanceOptions {
  /** Shown in the suite's name, e.g. `"sqlite"`. */
  name: string;
  /**
   * A fresh, empty, migrated store. Called before every test that writes, and once per
   * read-only group (which seeds it and only reads); tests never see each other's rows.
   * Calls never overlap: each store is torn down before the next is created.
   */
  createStore: () => Promise<TicketStore>;
  /** Closes a store made by `createStore`. Defaults to `store.close()`. */
  teardown?: (store: TicketStore) => Promise<void>;
}

function closeWith(options: StoreConformanceOptions) {
  return (store: TicketStore) => (options.teardown ? options.teardown(store) : store.close());
}

/** Gives each test of the calling `describe` its own empty store; returns an accessor for it. */
export function storePerTest(options: StoreConformanceOptions): () => TicketStore {
  let store: TicketStore | undefined;
  beforeEach(async () => {
    store = await options.createStore();
  });
  afterEach(async () => {
    const done = store;
    store = undefined;
    if (done) await closeWith(options)(done);
  });
  return () => {
    if (!store) throw new Error('The conformance store is only available inside a test.');
    return store;
  };
}

/**
 * One store for every test of the calling `describe`, seeded once by `seed`. Only for groups
 * whose tests never write: they all see exactly the seeded rows.
 */
export function seededStore<T>(
  options: StoreConformanceOptions,
  seed: (store: TicketStore) => Promise<T>,
): () => { store: TicketStore; seeded: T } {
  let current: { store: TicketStore; seeded: T } | undefined;
  beforeAll(async () => {
    const store = await options.createStore();
    current = { store, seeded: await seed(store) };
  });
  afterAll(async () => {
    const done = current;
    current = undefined;
    if (done) await closeWith(options)(done.store);
  });
  return () => {
    if (!current) throw new Error('The seeded conformance store is only available inside a test.');
    return current;
  };
}
