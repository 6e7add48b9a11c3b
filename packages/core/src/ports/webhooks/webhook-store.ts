import type { DeliveryStore } from './deliveries.js';
import type { OutboxReader, OutboxWriter } from '../outbox.js';
import type { SubscriptionStore } from './subscriptions.js';

/**
 * Everything the dispatcher and the webhook service need from storage. A SQL store implements it
 * over its own tables; `createMemoryWebhookStore` is the in-memory implementation.
 */
export interface WebhookStore {
  outbox: OutboxReader & OutboxWriter;
  subscriptions: SubscriptionStore;
  deliveries: DeliveryStore;
}
