import type { Subscription } from '../../ports/webhooks/subscriptions.js';
import type { WebhookStore } from '../../ports/webhooks/webhook-store.js';
import { createMemoryDeliveries } from './memory-deliveries.js';
import { createMemoryOutbox } from './memory-outbox.js';
import { createMemorySubscriptions } from './memory-subscriptions.js';

/**
 * The whole webhook store in memory: outbox, subscriptions and delivery attempts. Several
 * dispatchers in one process may share it (each claim is atomic); it does not survive a restart.
 */
export function createMemoryWebhookStore(): WebhookStore {
  const subscriptionRows = new Map<number, Subscription>();
  const deliveries = createMemoryDeliveries(subscriptionRows);
  const subscriptions = createMemorySubscriptions(subscriptionRows, (id) => deliveries.dropSubscription(id));
  return { outbox: createMemoryOutbox((eventId) => deliveries.hasPending(eventId)), subscriptions, deliveries };
}
