import { safeText } from '@tessera/core';
import type { DeliveryAttempt, PublicSubscription, Subscription } from '@tessera/webhooks';
import { z } from 'zod';
import { wireTime } from './time.js';

const timestamp = z.string().meta({ format: 'date-time' });

/**
 * Request bodies of `/webhooks/`. `url` and `events` are only shape-checked here; whether the URL
 * is safe and the event types known is the webhook service's rule (400 under `url` / `events`).
 */
const url = safeText(2048).trim().min(1, 'This field may not be blank.');
const events = z.array(z.string().max(64));
const shared = {
  include_internal: z.boolean().optional(),
  description: safeText(1000).optional(),
};
export const webhookCreateSchema = z.object({ url, events, ...shared });
export const webhookPatchSchema = z.object({ url: url.optional(), events: events.optional(), is_active: z.boolean().optional(), ...shared });
export const webhookUpdateSchema = webhookPatchSchema.extend({ url, events });

/** A subscription on the wire (never with its secret, except in the create answer). */
export const wireWebhookSchema = z.object({
  id: z.number().int(),
  url: z.string().meta({ format: 'uri' }),
  events: z.array(z.string()),
  include_internal: z.boolean(),
  description: z.string(),
  is_active: z.boolean(),
  created_at: timestamp,
  updated_at: timestamp,
});
/** The create answer: the only time `secret` (`whsec_…`) is shown. */
export const wireCreatedWebhookSchema = wireWebhookSchema.extend({ secret: z.string() });

/** One delivery attempt of the log. */
export const wireDeliverySchema = z.object({
  id: z.number().int(),
  event_id: z.number().int(),
  event_type: z.string(),
  attempt: z.number().int(),
  status_code: z.number().int().nullable(),
  duration_ms: z.number().int().nullable(),
  error: z.string().nullable(),
  created_at: timestamp,
  next_attempt_at: timestamp.nullable(),
  delivered_at: timestamp.nullable(),
});

export type WireWebhook = z.output<typeof wireWebhookSchema>;
export type WireDelivery = z.output<typeof wireDeliverySchema>;

export function toWireWebhook(s: PublicSubscription): WireWebhook {
  return {
    id: s.id,
    url: s.url,
    events: [...s.events],
    include_internal: s.includeInternal,
    description: s.description,
    is_active: s.isActive,
    created_at: wireTime(s.createdAt),
    updated_at: wireTime(s.updatedAt),
  };
}

export function toWireCreatedWebhook(s: Subscription): z.output<typeof wireCreatedWebhookSchema> {
  return Object.assign(toWireWebhook(s), { secret: s.secret });
}

export function toWireDelivery(d: DeliveryAttempt): WireDelivery {
  return {
    id: d.id,
    event_id: d.eventId,
    event_type: d.eventType,
    attempt: d.attempt,
    status_code: d.statusCode,
    duration_ms: d.durationMs === null ? null : Math.round(d.durationMs),
    error: d.error,
    created_at: wireTime(d.createdAt),
    next_attempt_at: wireTime(d.nextAttemptAt),
    delivered_at: wireTime(d.deliveredAt),
  };
}

/** Wire body → the webhook service's camelCase input (only the keys that were sent). */
export function toSubscriptionInput(body: z.output<typeof webhookPatchSchema>) {
  const out: { url?: string; events?: string[]; includeInternal?: boolean; description?: string; isActive?: boolean } = {};
  if (body.url !== undefined) out.url = body.url;
  if (body.events !== undefined) out.events = body.events;
  if (body.include_internal !== undefined) out.includeInternal = body.include_internal;
  if (body.description !== undefined) out.description = body.description;
  if (body.is_active !== undefined) out.isActive = body.is_active;
  return out;
}

/** `POST /webhooks/{id}/ping/` → 202: the queued event's id (it appears in the deliveries). */
export const wirePingQueuedSchema = z.object({ detail: z.string(), event_id: z.number().int() });
