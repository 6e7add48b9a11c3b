import { subscriptionWants } from '../domain/event-types.js';
import type { NewDelivery } from '../ports/deliveries.js';
import type { OutboxEvent } from '../ports/outbox.js';
import type { WebhookStore } from '../ports/webhook-store.js';

/**
 * Claims one batch of outbox events, schedules the first attempt for every matching active
 * subscription, then acknowledges the batch. Scheduling is idempotent, so a consumer that dies
 * between the two steps only makes the next claimer schedule nothing twice.
 * Returns the events handled (empty when the outbox had nothing to claim).
 */
export async function fanOutBatch(
  store: WebhookStore,
  options: { limit: number; leaseMs: number; now: () => Date; alive: () => boolean },
): Promise<OutboxEvent[]> {
  const claim = await store.outbox.claim({ limit: options.limit, leaseMs: options.leaseMs, now: options.now() });
  if (claim.events.length === 0 || !options.alive()) return [];
  const subscriptions = await store.subscriptions.listActive();
  const deliveries: NewDelivery[] = [];
  for (const event of claim.events) {
    for (const subscription of subscriptions) {
      if (subscriptionWants(subscription, event)) deliveries.push({ subscriptionId: subscription.id, eventId: event.id, eventType: event.type });
    }
  }
  if (!options.alive()) return [];
  if (deliveries.length > 0) await store.deliveries.enqueue(deliveries, options.now());
  if (!options.alive()) return [];
  await store.outbox.ack(claim.token, claim.events.map((e) => e.id), options.now());
  return claim.events;
}
