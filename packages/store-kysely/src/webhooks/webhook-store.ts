import type { WebhookStore } from '@tessera/core';
import { createSqlDeliveries } from './deliveries-sql.js';
import { createSqlOutbox } from './outbox-sql.js';
import type { WebhookDatabase } from './sql-session.js';
import { createSqlSubscriptions } from './subscriptions-sql.js';

/**
 * The webhook store (outbox reader, subscriptions, delivery attempts) over any SQL database the
 * adapter describes with a {@link WebhookDatabase}.
 */
export function createSqlWebhookStore(db: WebhookDatabase): WebhookStore {
  return { outbox: createSqlOutbox(db), subscriptions: createSqlSubscriptions(db), deliveries: createSqlDeliveries(db) };
}
