import { describe } from 'vitest';
import { runIdempotencyConformance, runOutboxConformance, runWebhookStoreConformance } from '@tessera/core/testing';
import { openSqliteStore, type SqliteStore } from '@tessera/store-sqlite';
import { useTempDir } from './helpers.js';

// The outbox, webhook store and idempotency records on a database file (the prefix is non-default
// to show every table and index follows it).
describe('SQLite webhooks, outbox and idempotency (file)', () => {
  const path = useTempDir('webhooks');
  let n = 0;
  const open = () => openSqliteStore({ filename: path(`store-${++n}.db`), tablePrefix: 'tx_' });
  const stores = new Map<object, SqliteStore>();
  runWebhookStoreConformance({
    name: 'sqlite (file)',
    createStore: async () => {
      const store = await open();
      stores.set(store.webhooks, store);
      return store.webhooks;
    },
    teardown: async (webhooks) => stores.get(webhooks)?.close(),
  });
  runOutboxConformance({ name: 'sqlite (file)', createStore: open });
  runIdempotencyConformance({
    name: 'sqlite (file)',
    createStore: open,
    // A second connection to the same file: what another process would have.
    openSecond: (first) => openSqliteStore({ filename: (first as SqliteStore).database.name, tablePrefix: 'tx_' }),
  });
});
