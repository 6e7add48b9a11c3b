import { randomUUID } from 'node:crypto';

import { type Clock, systemClock } from '@tessera/core';

import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../domain/retry-schedule.js';
import { createWebhookSender, type WebhookSender } from '../net/send.js';
import type { Resolver } from '../net/ssrf-guard.js';
import type { DeliveryAttempt } from '../ports/deliveries.js';
import type { OutboxEvent } from '../ports/outbox.js';
import type { Subscription } from '../ports/subscriptions.js';
import type { WebhookStore } from '../ports/webhook-store.js';
import { deliverAttempt, type AttemptContext } from './deliver-attempt.js';
import { EndpointLanes } from './endpoint-lanes.js';
import { fanOutBatch } from './fan-out.js';

export interface DispatcherOptions {
  store: WebhookStore;
  clock?: Clock;
  /** Allow loopback, private, link-local and metadata addresses (`TESSERA_WEBHOOK_ALLOW_PRIVATE=1`). */
  allowPrivate?: boolean;
  /** Name resolution for the SSRF guard; the system resolver by default. */
  resolver?: Resolver;
  /** Budget of one attempt, connect to last byte. Default 10 s. */
  timeoutMs?: number;
  /** Default: exponential backoff with full jitter for 24 h. */
  retryPolicy?: RetryPolicy;
  /** Sends in flight per endpoint. Default 4. */
  maxInFlightPerEndpoint?: number;
  /** Attempts held by this process across endpoints (claimed, queued or in flight). Default 256. */
  maxInFlight?: number;
  /** Outbox events claimed per batch. Default 200. */
  outboxBatchSize?: number;
  /** How long a claim is exclusive; a dispatcher that dies lets others take over after it. Default 60 s. */
  leaseMs?: number;
  /** Idle polling interval of the background loop. Default 250 ms. */
  pollIntervalMs?: number;
  /** An endpoint failing this long straight is deactivated. Default 5 days. */
  deactivateAfterMs?: number;
  /** Acknowledged outbox events older than this are pruned (not while attempts are pending). Default 7 days. */
  retentionMs?: number;
  /** Called with errors of the background loop (store unreachable, …). Default: console.error. */
  onError?: (error: unknown) => void;
  /** [0, 1) source for retry jitter. */
  random?: () => number;
  /** Overrides the HTTP sender (the default one enforces the SSRF guard and the timeout). */
  sender?: WebhookSender;
  /**
   * Turns an event's stored `data` into the body's `data` (e.g. the REST API's wire shape of the
   * snapshot). Called once per event a process sends (the result is cached with the event); when
   * it throws, the attempt is left to its lease and retried. Default: the stored data as it is.
   */
  data?: (event: OutboxEvent) => unknown;
}

/** Counts of one `runOnce` pass. */
export interface DispatchRound {
  /** Outbox events fanned out. */
  events: number;
  /** Attempts sent (whatever their outcome). */
  attempts: number;
}

export interface Dispatcher {
  /** Starts the background loop: fan out the outbox, claim due attempts, send them. */
  start(): void;
  /** Stops claiming and waits for every held attempt to be sent and recorded. */
  stop(): Promise<void>;
  /**
   * Drops everything at once without writing another row, as if the process died: claimed outbox
   * batches stay unacknowledged and claimed attempts stay pending until their leases expire.
   */
  abandon(): void;
  /** Skips the idle wait of the background loop (call after a commit to deliver sooner). */
  wake(): void;
  /**
   * One pass without the background loop (tests, cron-style hosts): fans out the whole outbox,
   * then claims and sends every attempt due now, until none is left; resolves when all are recorded.
   */
  runOnce(): Promise<DispatchRound>;
}

const EVENT_CACHE_SIZE = 10_000;
/** Subscription edits made elsewhere (URL, filter, deactivation) reach a busy dispatcher within this. */
const SUBSCRIPTION_REFRESH_MS = 1_000;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Delivers webhooks from a `WebhookStore`. Any number of dispatchers, in one process or many, may
 * share one store: claims are leased, so no attempt is sent by two of them at once.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const store = options.store;
  const clock = options.clock ?? systemClock;
  const owner = randomUUID();
  const perEndpoint = options.maxInFlightPerEndpoint ?? 4;
  const maxInFlight = options.maxInFlight ?? 256;
  const batchSize = options.outboxBatchSize ?? 200;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const retentionMs = options.retentionMs ?? 7 * 86_400_000;
  const onError = options.onError ?? ((error: unknown) => console.error('[tessera webhooks]', error));
  const sender =
    options.sender ?? createWebhookSender({ timeoutMs: options.timeoutMs, allowPrivate: options.allowPrivate, resolver: options.resolver });

  let alive = true;
  let running = false;
  let loop: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let lastPrune = 0;
  let sentCount = 0;

  const subscriptions = new Map<number, Subscription>();
  const events = new Map<number, OutboxEvent>();

  function cacheEvent(event: OutboxEvent): void {
    events.set(event.id, event);
    if (events.size > EVENT_CACHE_SIZE) events.delete(events.keys().next().value!);
  }

  /** Fanned-out events are cached as stored only when no `data` hook reshapes them (it runs on first use). */
  function cacheFannedOut(event: OutboxEvent): void {
    if (!options.data) cacheEvent(event);
  }

  let refreshedAt = 0;
  async function refreshSubscriptions(): Promise<void> {
    refreshedAt = performance.now();
    const active = await store.subscriptions.listActive();
    subscriptions.clear();
    for (const s of active) subscriptions.set(s.id, s);
  }

  const ctx: AttemptContext = {
    store,
    sender,
    clock,
    owner,
    retryPolicy: options.retryPolicy ?? DEFAULT_RETRY_POLICY,
    deactivateAfterMs: options.deactivateAfterMs ?? 5 * 86_400_000,
    random: options.random ?? Math.random,
    alive: () => alive,
    async subscription(id) {
      const cached = subscriptions.get(id);
      if (cached) return cached;
      const found = await store.subscriptions.get(id);
      if (found) subscriptions.set(id, found);
      return found;
    },
    async event(id) {
      const cached = events.get(id);
      if (cached) return cached;
      const [stored] = await store.outbox.get([id]);
      if (!stored) return null;
      const found = options.data ? { ...stored, data: await options.data(stored) } : stored;
      cacheEvent(found);
      return found;
    },
    remember(subscription) {
      subscriptions.set(subscription.id, subscription);
    },
  };

  const lanes = new EndpointLanes(
    perEndpoint,
    async (attempt) => {
      try {
        await deliverAttempt(ctx, attempt);
        sentCount++;
      } catch (error) {
        if (alive) onError(error); // the lease runs out and the attempt is retried
      }
    },
    () => wakeUp?.(),
  );

  /** Fans out one outbox batch; true when it found events. */
  async function fanOut(): Promise<boolean> {
    const handled = await fanOutBatch(store, { limit: batchSize, leaseMs, now: () => clock.now(), alive: () => alive });
    for (const event of handled) cacheFannedOut(event);
    return handled.length > 0;
  }

  /** Claims due attempts into the lanes, as many as there is room for; returns how many. */
  async function claim(): Promise<number> {
    const room = maxInFlight - lanes.size;
    if (room <= 0 || !alive) return 0;
    const claimed: DeliveryAttempt[] = await store.deliveries.claimDue({
      owner,
      now: clock.now(),
      leaseMs,
      limit: room,
      perSubscription: perEndpoint,
      skipSubscriptions: lanes.busyEndpoints(),
    });
    if (!alive) return 0;
    if (claimed.some((a) => !subscriptions.has(a.subscriptionId))) await refreshSubscriptions();
    for (const attempt of claimed) lanes.push(attempt);
    return claimed.length;
  }

  async function maybePrune(): Promise<void> {
    const now = clock.now().getTime();
    if (now - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = now;
    await store.outbox.prune(new Date(now - retentionMs));
  }

  function idleWait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });
  }

  async function backgroundLoop(): Promise<void> {
    await refreshSubscriptions().catch(onError);
    while (running) {
      let busy = false;
      try {
        if (performance.now() - refreshedAt >= SUBSCRIPTION_REFRESH_MS) await refreshSubscriptions();
        busy = (await fanOut()) || busy;
        busy = (await claim()) > 0 || busy;
        await maybePrune();
      } catch (error) {
        if (alive) onError(error);
      }
      if (!running) break;
      if (!busy) {
        await idleWait(pollIntervalMs);
      } else {
        await new Promise((resolve) => setImmediate(resolve)); // let socket I/O run between busy rounds
      }
    }
  }

  return {
    start() {
      if (running || !alive) return;
      running = true;
      loop = backgroundLoop();
    },

    async stop() {
      running = false;
      wakeUp?.();
      await loop;
      loop = null;
      await lanes.idle();
      sender.close();
    },

    abandon() {
      alive = false;
      running = false;
      wakeUp?.();
      sender.close();
    },

    wake() {
      wakeUp?.();
    },

    async runOnce() {
      const before = sentCount;
      let fannedOut = 0;
      await refreshSubscriptions();
      for (;;) {
        const claim = await fanOutBatch(store, { limit: batchSize, leaseMs, now: () => clock.now(), alive: () => alive });
        if (claim.length === 0) break;
        for (const event of claim) cacheFannedOut(event);
        fannedOut += claim.length;
      }
      while (alive) {
        const claimed = await claim();
        if (claimed === 0 && lanes.size === 0) break;
        if (claimed === 0) await new Promise<void>((resolve) => (wakeUp = () => ((wakeUp = null), resolve())));
      }
      await lanes.idle();
      return { events: fannedOut, attempts: sentCount - before };
    },
  };
}
