export type { OutboxEvent, NewOutboxEvent, OutboxClaim, OutboxReader, OutboxWriter } from './ports/outbox.js';
export type { Subscription, NewSubscription, SubscriptionPatch, SubscriptionStore } from './ports/subscriptions.js';
export type { AttemptOutcome, AttemptResult, DeliveryAttempt, DeliveryStore, NewDelivery } from './ports/deliveries.js';
export type { WebhookStore } from './ports/webhook-store.js';

export { WEBHOOK_EVENT_TYPES, PING_EVENT_TYPE, subscriptionWants, type WebhookEventType } from './domain/event-types.js';
export { generateWebhookSecret, signWebhook, webhookHeaders } from './domain/signing.js';
export { webhookBody } from './domain/payload.js';
export {
  DEFAULT_RETRY_POLICY,
  nextRetryAt,
  parseDuration,
  parseRetryAfter,
  parseRetrySchedule,
  type RetryPolicy,
} from './domain/retry-schedule.js';

export { classifyAddress, refusalReason, type AddressClass } from './net/address-rules.js';
export { checkWebhookUrl, guardedLookup, resolveSafely, systemResolver, UnsafeUrlError, type Resolver } from './net/ssrf-guard.js';
export { createWebhookSender, type SendResult, type SenderOptions, type WebhookSender } from './net/send.js';

export { createDispatcher, type Dispatcher, type DispatcherOptions, type DispatchRound } from './dispatcher/dispatcher.js';
export { createWebhookService, type WebhookService, type SubscriptionInput, type CreatedSubscription, type PublicSubscription } from './webhook-service.js';
export { webhookConfigFromEnv, type WebhookEnvConfig } from './config.js';
export { createMemoryWebhookStore } from './memory/memory-webhook-store.js';
