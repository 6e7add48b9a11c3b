import type { DirectoryStore } from '../ports/directory.js';
import type { IdempotencyStore } from '../ports/idempotency.js';
import type { NewOutboxEvent } from '../ports/outbox.js';
import type { WebhookStore } from '../ports/webhooks/webhook-store.js';
import { createMemoryIdempotency } from './memory-idempotency.js';
import { createMemoryWebhookStore } from './webhooks/memory-webhook-store.js';
import type { TicketStore, TicketStoreTx } from '../ports/ticket-store.js';
import { createMemoryDirectory } from './memory-directory.js';
import { createMemorySlaStore } from './memory-sla-store.js';
import type { SlaStore } from '../ports/sla-store.js';
import { createMemoryReader } from './memory-reader.js';
import { emptyTables, WorkingTables } from './memory-tables.js';
import { createMemoryTx } from './memory-tx.js';
import { createMutex } from './mutex.js';
import { runAsTransaction } from '../ports/transaction-guard.js';

/** An in-memory `TicketStore` with an in-memory users/customers/tokens directory. */
export interface MemoryStore extends TicketStore {
  readonly directory: DirectoryStore;
  /** The outbox the store's transactions write to, with webhook subscriptions and deliveries. */
  readonly webhooks: WebhookStore;
  readonly idempotency: IdempotencyStore;
  readonly sla: SlaStore;
}

/**
 * Creates an empty in-memory ticket store: the reference implementation of the `TicketStore`
 * port, for tests and examples. Data lives as long as the returned object.
 *
 * Transactions run one at a time (callers queue in order) and write to private overlays of the
 * tables: a resolving `fn` publishes them in one synchronous step, a throwing `fn` discards them,
 * sequence allocations included; outbox events appended in a transaction reach `webhooks.outbox`
 * in the same step as its rows. Reads outside a transaction see committed data only. A
 * transaction started from inside another one on this store is rejected (`StoreError`).
 */
export function createMemoryStore(): MemoryStore {
  const committed = emptyTables();
  const serialize = createMutex();
  const webhooks = createMemoryWebhookStore();

  const store: MemoryStore = {
    ...createMemoryReader(() => committed),
    directory: createMemoryDirectory(),
    webhooks,
    idempotency: createMemoryIdempotency(),
    sla: createMemorySlaStore(),
    transaction<T>(fn: (tx: TicketStoreTx) => Promise<T>): Promise<T> {
      return runAsTransaction(store, () => serialize(async () => {
        const work = new WorkingTables(committed);
        const outbox: NewOutboxEvent[] = [];
        let open = true;
        try {
          const result = await fn(createMemoryTx(work, () => open, outbox));
          work.commit();
          // The memory outbox appends synchronously, so no reader sees the rows without their events.
          if (outbox.length > 0) void webhooks.outbox.append(outbox);
          return result;
        } finally {
          open = false;
        }
      }), fn);
    },
    async close() {},
  };
  return store;
}
