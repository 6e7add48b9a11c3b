import type { OutboxEvent } from '../ports/outbox.js';
import type { Subscription } from '../ports/subscriptions.js';

/** The event types a subscription may ask for (plus `*` for all). */
export const WEBHOOK_EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'ticket.status_changed',
  'ticket.assigned',
  'ticket.deleted',
  'comment.created',
  'attachment.created',
  'attachment.deleted',
  'sla.breached',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The event sent by "ping": it goes to its one endpoint whatever that endpoint's filter. */
export const PING_EVENT_TYPE = 'ping';

/**
 * Whether `event` goes to `subscription`: targeted events (ping) only to their subscription;
 * others to active subscriptions whose filter names the type or is `*`, and internal ones only
 * to subscriptions that include internal events.
 */
export function subscriptionWants(subscription: Subscription, event: OutboxEvent): boolean {
  if (!subscription.isActive) return false;
  if (event.subscriptionId !== null) return event.subscriptionId === subscription.id;
  if (event.internal && !subscription.includeInternal) return false;
  return subscription.events.includes('*') || subscription.events.includes(event.type);
}
