import { describe } from 'vitest';
import { runIdempotencyConformance, runOutboxConformance, runWebhookStoreConformance } from '@tessera/core/testing';
import type { PostgresStore } from '../src/index.js';
import { pgAvailable, useTestSchema } from './pg-test-schema.js';

describe.skipIf(!pgAvailable)('postgres webhooks, outbox and idempotency', () => {
  const db = useTestSchema('webhooks');
  const stores = new Map<object, PostgresStore>();
  runWebhookStoreConformance({
    name: 'postgres',
    createStore: async () => {
      const store = await db.fresh();
      stores.set(store.webhooks, store);
      return store.webhooks;
    },
    teardown: async (webhooks) => stores.get(webhooks)?.close(),
  });
  runOutboxConformance({ name: 'postgres', createStore: () => db.fresh() });
  // A second pool on the same schema: another process's connections.
  runIdempotencyConformance({ name: 'postgres', createStore: () => db.fresh(), openSecond: async () => db.store() });
});
