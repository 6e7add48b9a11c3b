import type { Clock } from '@tessera/core';

import { webhookBody } from '../domain/payload.js';
import { nextRetryAt, parseRetryAfter, type RetryPolicy } from '../domain/retry-schedule.js';
import { webhookHeaders } from '../domain/signing.js';
import type { WebhookSender } from '../net/send.js';
import type { AttemptResult, DeliveryAttempt } from '../ports/deliveries.js';
import type { OutboxEvent } from '../ports/outbox.js';
import type { Subscription } from '../ports/subscriptions.js';
import type { WebhookStore } from '../ports/webhook-store.js';

/** A `Retry-After` longer than this is cut down to it. */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

export interface AttemptContext {
  store: WebhookStore;
  sender: WebhookSender;
  clock: Clock;
  owner: string;
  retryPolicy: RetryPolicy;
  deactivateAfterMs: number;
  random: () => number;
  /** False once the dispatcher was abandoned: nothing more is written. */
  alive: () => boolean;
  subscription: (id: number) => Promise<Subscription | null>;
  event: (id: number) => Promise<OutboxEvent | null>;
  /** Tells the subscription cache what the store now holds. */
  remember: (subscription: Subscription) => void;
}

/**
 * Sends one claimed attempt and records what came of it: delivered on a 2xx; on 410 the endpoint
 * is deactivated and its pending attempts fail; otherwise the next attempt is scheduled (or the
 * delivery fails when the retry policy is exhausted) and the endpoint's failure run is extended,
 * which deactivates it once it has failed for the configured time straight.
 */
export async function deliverAttempt(ctx: AttemptContext, attempt: DeliveryAttempt): Promise<void> {
  const { store } = ctx;
  const [subscription, event] = await Promise.all([ctx.subscription(attempt.subscriptionId), ctx.event(attempt.eventId)]);
  if (!subscription || !event) {
    const error = subscription ? 'event no longer in the outbox' : 'subscription deleted';
    await complete(ctx, attempt, { outcome: 'failed', statusCode: null, durationMs: 0, error, retryAt: null });
    return;
  }
  const body = webhookBody(event);
  const headers = webhookHeaders(subscription.secret, event.id, ctx.clock.now(), body);
  const sent = await ctx.sender.send(subscription.url, headers, body);
  if (!ctx.alive()) return;
  const now = ctx.clock.now();

  if (sent.error === null) {
    const recorded = await complete(ctx, attempt, { outcome: 'delivered', statusCode: sent.statusCode, durationMs: sent.durationMs, error: null, retryAt: null });
    if (recorded && subscription.failingSince) {
      await store.subscriptions.recordSuccess(subscription.id);
      ctx.remember({ ...subscription, failingSince: null });
    }
    return;
  }

  if (sent.statusCode === 410) {
    await store.subscriptions.deactivate(subscription.id, now);
    ctx.remember({ ...subscription, isActive: false });
    await complete(ctx, attempt, { outcome: 'failed', statusCode: 410, durationMs: sent.durationMs, error: 'HTTP 410: endpoint deactivated', retryAt: null });
    await store.deliveries.cancelPending(subscription.id, 'endpoint deactivated (HTTP 410)', now);
    return;
  }

  const retryAfter = parseRetryAfter(sent.retryAfter, now);
  const retryAt = nextRetryAt(
    ctx.retryPolicy,
    attempt.attempt,
    attempt.firstAttemptAt,
    now,
    retryAfter === null ? null : Math.min(retryAfter, MAX_RETRY_AFTER_MS),
    ctx.random,
  );
  const recorded = await complete(ctx, attempt, {
    outcome: retryAt ? 'retrying' : 'failed',
    statusCode: sent.statusCode,
    durationMs: sent.durationMs,
    error: sent.error,
    retryAt,
  });
  if (!recorded) return;
  const updated = await store.subscriptions.recordFailure(subscription.id, now, ctx.deactivateAfterMs);
  if (!updated) return;
  ctx.remember(updated);
  if (!updated.isActive) {
    const days = Math.round(ctx.deactivateAfterMs / 86_400_000);
    await store.deliveries.cancelPending(subscription.id, `endpoint deactivated after failing for ${days} days`, now);
  }
}

function complete(ctx: AttemptContext, attempt: DeliveryAttempt, result: AttemptResult): Promise<boolean> {
  if (!ctx.alive()) return Promise.resolve(false);
  return ctx.store.deliveries.complete(attempt.id, ctx.owner, result, ctx.clock.now());
}
