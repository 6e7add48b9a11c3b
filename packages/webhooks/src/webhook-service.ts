import { type Clock, systemClock, ValidationError } from '@tessera/core';

import { PING_EVENT_TYPE, WEBHOOK_EVENT_TYPES } from './domain/event-types.js';
import { generateWebhookSecret } from './domain/signing.js';
import { checkWebhookUrl, type Resolver, UnsafeUrlError } from './net/ssrf-guard.js';
import type { DeliveryAttempt } from './ports/deliveries.js';
import type { OutboxEvent } from './ports/outbox.js';
import type { Subscription } from './ports/subscriptions.js';
import type { WebhookStore } from './ports/webhook-store.js';

/** What staff send to create or replace a subscription. */
export interface SubscriptionInput {
  url: string;
  events: string[];
  includeInternal?: boolean;
  description?: string;
}

/** A subscription as shown after creation: the only time the secret is shown. */
export type CreatedSubscription = Subscription;

/** A subscription as shown everywhere else: without its secret. */
export type PublicSubscription = Omit<Subscription, 'secret'>;

export interface WebhookService {
  create(input: SubscriptionInput): Promise<CreatedSubscription>;
  get(id: number): Promise<PublicSubscription | null>;
  list(page: { offset: number; limit: number }): Promise<{ count: number; results: PublicSubscription[] }>;
  /** `PUT` when `partial` is false (url and events required), `PATCH` otherwise. */
  update(id: number, input: Partial<SubscriptionInput> & { isActive?: boolean }, partial: boolean): Promise<PublicSubscription | null>;
  delete(id: number): Promise<boolean>;
  /** Queues a `ping` for this endpoint whatever its filter; null when the subscription does not exist. */
  ping(id: number): Promise<OutboxEvent | null>;
  deliveries(id: number, page: { offset: number; limit: number }): Promise<{ count: number; results: DeliveryAttempt[] } | null>;
}

const KNOWN_EVENTS = new Set<string>(['*', ...WEBHOOK_EVENT_TYPES]);

function hideSecret({ secret: _secret, ...rest }: Subscription): PublicSubscription {
  return rest;
}

/**
 * Subscription management as the REST endpoints need it: validation (events known and non-empty,
 * URL http(s) and resolving to an allowed address), secret generation, ping. Throws core's
 * `ValidationError` with `url` / `events` field messages.
 */
export function createWebhookService(options: { store: WebhookStore; clock?: Clock; allowPrivate?: boolean; resolver?: Resolver }): WebhookService {
  const { store } = options;
  const clock = options.clock ?? systemClock;

  async function validate(input: Partial<SubscriptionInput>, partial: boolean): Promise<void> {
    const errors: Record<string, string[]> = {};
    if (input.url !== undefined || !partial) {
      try {
        await checkWebhookUrl(input.url ?? '', { allowPrivate: options.allowPrivate ?? false, resolver: options.resolver });
      } catch (error) {
        if (!(error instanceof UnsafeUrlError)) throw error;
        errors.url = [error.message];
      }
    }
    if (input.events !== undefined || !partial) {
      const events = input.events ?? [];
      if (events.length === 0) errors.events = ['List at least one event type, or "*" for all.'];
      const unknown = events.filter((e) => !KNOWN_EVENTS.has(e));
      if (unknown.length > 0) errors.events = [`Unknown event types: ${unknown.join(', ')}.`];
    }
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  }

  return {
    async create(input) {
      await validate(input, false);
      return store.subscriptions.create(
        { url: input.url, events: [...new Set(input.events)], includeInternal: input.includeInternal ?? false, description: input.description ?? '', secret: generateWebhookSecret() },
        clock.now(),
      );
    },
    async get(id) {
      const found = await store.subscriptions.get(id);
      return found ? hideSecret(found) : null;
    },
    async list(page) {
      const { count, results } = await store.subscriptions.list(page);
      return { count, results: results.map(hideSecret) };
    },
    async update(id, input, partial) {
      if (!(await store.subscriptions.get(id))) return null;
      await validate(input, partial);
      const patch = {
        url: input.url,
        events: input.events ? [...new Set(input.events)] : undefined,
        includeInternal: input.includeInternal ?? (partial ? undefined : false),
        description: input.description ?? (partial ? undefined : ''),
        isActive: input.isActive,
      };
      const updated = await store.subscriptions.update(id, patch, clock.now());
      return updated ? hideSecret(updated) : null;
    },
    delete: (id) => store.subscriptions.delete(id),
    async ping(id) {
      const found = await store.subscriptions.get(id);
      if (!found) return null;
      const [event] = await store.outbox.append([
        { type: PING_EVENT_TYPE, occurredAt: clock.now(), data: { webhook: found.id }, internal: false, subscriptionId: found.id },
      ]);
      return event!;
    },
    async deliveries(id, page) {
      if (!(await store.subscriptions.get(id))) return null;
      return store.deliveries.listAttempts(id, page);
    },
  };
}
