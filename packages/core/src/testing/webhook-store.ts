import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { WebhookStore } from '../ports/webhooks/webhook-store.js';

export interface WebhookStoreConformanceOptions {
  /** Shown in the test names. */
  name: string;
  /** A fresh, empty store for each test. */
  createStore: () => Promise<WebhookStore> | WebhookStore;
  /** Called after each test with the store it used. */
  teardown?: (store: WebhookStore) => Promise<void> | void;
}

const T0 = new Date('2026-03-01T12:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/**
 * The contract of a `WebhookStore` (outbox claim/ack/prune, subscriptions, delivery attempts and
 * their leases), written once and run against every implementation: call it from one test file
 * per store.
 */
export function runWebhookStoreConformance(options: WebhookStoreConformanceOptions): void {
  describe(`webhook store conformance: ${options.name}`, () => {
    let store: WebhookStore;
    beforeEach(async () => {
      store = await options.createStore();
    });
    afterEach(async () => {
      await options.teardown?.(store);
    });

    const append = (n: number, extra: { internal?: boolean; subscriptionId?: number | null } = {}) =>
      store.outbox.append(
        Array.from({ length: n }, (_, i) => ({ type: 'ticket.updated', occurredAt: T0, data: { n: i }, internal: extra.internal ?? false, subscriptionId: extra.subscriptionId ?? null })),
      );
    const subscribe = (url = 'https://hooks.example/a') =>
      store.subscriptions.create({ url, events: ['*'], includeInternal: false, description: '', secret: 'whsec_AAAA' }, T0);

    describe('outbox', () => {
      it('assigns increasing ids and keeps the event as written', async () => {
        const [a, b] = await append(2, { internal: true });
        expect(b!.id).toBeGreaterThan(a!.id);
        const [read] = await store.outbox.get([b!.id]);
        expect(read).toEqual({ id: b!.id, type: 'ticket.updated', occurredAt: T0, data: { n: 1 }, internal: true, subscriptionId: null });
      });

      it('claims in id order, never hands a leased event to a second claimer, and re-offers it after the lease', async () => {
        const events = await append(5);
        const first = await store.outbox.claim({ limit: 3, leaseMs: 1_000, now: T0 });
        expect(first.events.map((e) => e.id)).toEqual(events.slice(0, 3).map((e) => e.id));
        const second = await store.outbox.claim({ limit: 10, leaseMs: 1_000, now: at(500) });
        expect(second.events.map((e) => e.id)).toEqual(events.slice(3).map((e) => e.id));
        expect((await store.outbox.claim({ limit: 10, leaseMs: 1_000, now: at(999) })).events).toEqual([]);
        const third = await store.outbox.claim({ limit: 10, leaseMs: 1_000, now: at(1_000) });
        expect(third.events.map((e) => e.id)).toEqual(events.slice(0, 3).map((e) => e.id));
      });

      it('acknowledges only under the token that holds the lease; acknowledged events are never claimed again', async () => {
        await append(2);
        const stale = await store.outbox.claim({ limit: 10, leaseMs: 1_000, now: T0 });
        const fresh = await store.outbox.claim({ limit: 10, leaseMs: 1_000, now: at(2_000) });
        const ids = stale.events.map((e) => e.id);
        expect(await store.outbox.ack(stale.token, ids, at(2_100))).toBe(0);
        expect(await store.outbox.ack(fresh.token, ids, at(2_100))).toBe(2);
        expect((await store.outbox.claim({ limit: 10, leaseMs: 1_000, now: at(60_000) })).events).toEqual([]);
      });

      it('a lapsed lease re-offers its events after later events were claimed and acknowledged', async () => {
        const events = await append(4);
        const ids = (claim: { events: { id: number }[] }) => claim.events.map((e) => e.id);
        // A consumer takes the first two and dies; another takes and acknowledges the rest.
        expect(ids(await store.outbox.claim({ limit: 2, leaseMs: 1_000, now: T0 }))).toEqual(ids({ events: events.slice(0, 2) }));
        const live = await store.outbox.claim({ limit: 10, leaseMs: 1_000, now: T0 });
        expect(ids(live)).toEqual(ids({ events: events.slice(2) }));
        expect(await store.outbox.ack(live.token, ids(live), at(100))).toBe(2);
        const [later] = await append(1);
        const next = await store.outbox.claim({ limit: 10, leaseMs: 10_000, now: at(500) });
        expect(ids(next)).toEqual([later!.id]);
        expect(await store.outbox.ack(next.token, ids(next), at(600))).toBe(1);
        const retry = await store.outbox.claim({ limit: 10, leaseMs: 1_000, now: at(1_000) });
        expect(ids(retry)).toEqual(ids({ events: events.slice(0, 2) }));
        expect(await store.outbox.ack(retry.token, ids(retry), at(1_100))).toBe(2);
        expect((await store.outbox.claim({ limit: 10, leaseMs: 1_000, now: at(60_000) })).events).toEqual([]);
      });

      it('never hands an id out twice: after everything is pruned, the next event gets a higher id', async () => {
        const events = await append(3);
        const claim = await store.outbox.claim({ limit: 10, leaseMs: 1_000, now: T0 });
        expect(await store.outbox.ack(claim.token, claim.events.map((e) => e.id), T0)).toBe(3);
        // A store may keep the newest event as its id high-water mark (SQLite does); the rest go.
        expect(await store.outbox.prune(at(1))).toBeGreaterThanOrEqual(2);
        expect(await store.outbox.get(events.slice(0, 2).map((e) => e.id))).toEqual([]);
        const [next] = await append(1);
        expect(next!.id).toBeGreaterThan(Math.max(...events.map((e) => e.id)));
        const after = await store.outbox.claim({ limit: 10, leaseMs: 1_000, now: at(2) });
        expect(after.events.map((e) => e.id)).toEqual([next!.id]);
        // Once a newer event exists, the kept one is pruned like any other.
        await store.outbox.ack(after.token, [next!.id], at(2));
        await store.outbox.prune(at(3));
        expect(await store.outbox.get(events.map((e) => e.id))).toEqual([]);
      });

      it('prunes acknowledged events older than the cut-off, but not those with pending attempts', async () => {
        const sub = await subscribe();
        const [kept, pruned, open] = await append(3);
        const claim = await store.outbox.claim({ limit: 2, leaseMs: 1_000, now: T0 });
        await store.deliveries.enqueue([{ subscriptionId: sub.id, eventId: kept!.id, eventType: kept!.type }], T0);
        await store.outbox.ack(claim.token, [kept!.id, pruned!.id], T0);
        expect(await store.outbox.prune(at(1))).toBe(1);
        expect((await store.outbox.get([kept!.id, pruned!.id, open!.id])).map((e) => e.id)).toEqual([kept!.id, open!.id]);
      });
    });

    describe('subscriptions', () => {
      it('creates, lists, updates and deletes', async () => {
        const a = await subscribe('https://hooks.example/a');
        const b = await subscribe('https://hooks.example/b');
        expect(a).toMatchObject({ url: 'https://hooks.example/a', events: ['*'], isActive: true, failingSince: null, createdAt: T0 });
        expect(await store.subscriptions.list({ offset: 1, limit: 10 })).toEqual({ count: 2, results: [b] });
        const updated = await store.subscriptions.update(a.id, { events: ['ticket.created'], description: 'x' }, at(5));
        expect(updated).toMatchObject({ events: ['ticket.created'], description: 'x', url: a.url, updatedAt: at(5) });
        expect(await store.subscriptions.delete(a.id)).toBe(true);
        expect(await store.subscriptions.delete(a.id)).toBe(false);
        expect(await store.subscriptions.get(a.id)).toBeNull();
        expect(await store.subscriptions.update(a.id, { description: 'y' }, at(6))).toBeNull();
      });

      it('keeps the start of a failure run, deactivates after the window, and resets on success or re-activation', async () => {
        const s = await subscribe();
        expect(await store.subscriptions.recordFailure(s.id, at(0), 5_000)).toMatchObject({ failingSince: at(0), isActive: true });
        expect(await store.subscriptions.recordFailure(s.id, at(4_999), 5_000)).toMatchObject({ failingSince: at(0), isActive: true });
        await store.subscriptions.recordSuccess(s.id);
        expect(await store.subscriptions.recordFailure(s.id, at(6_000), 5_000)).toMatchObject({ failingSince: at(6_000), isActive: true });
        expect(await store.subscriptions.recordFailure(s.id, at(11_000), 5_000)).toMatchObject({ isActive: false });
        expect((await store.subscriptions.listActive()).map((x) => x.id)).not.toContain(s.id);
        expect(await store.subscriptions.update(s.id, { isActive: true }, at(12_000))).toMatchObject({ isActive: true, failingSince: null });
      });
    });

    describe('delivery attempts', () => {
      it('enqueues idempotently per (subscription, event)', async () => {
        const s = await subscribe();
        const [e] = await append(1);
        const delivery = { subscriptionId: s.id, eventId: e!.id, eventType: e!.type };
        await store.deliveries.enqueue([delivery], T0);
        await store.deliveries.enqueue([delivery], at(1));
        const { count, results } = await store.deliveries.listAttempts(s.id, { offset: 0, limit: 10 });
        expect(count).toBe(1);
        expect(results[0]).toMatchObject({ attempt: 1, outcome: 'pending', nextAttemptAt: T0, firstAttemptAt: T0, statusCode: null });
      });

      it('claims due attempts once per lease, per subscription at most perSubscription, skipping busy and inactive ones', async () => {
        const a = await subscribe('https://hooks.example/a');
        const b = await subscribe('https://hooks.example/b');
        const c = await subscribe('https://hooks.example/c');
        const events = await append(4);
        await store.deliveries.enqueue(
          [a, b, c].flatMap((s) => events.map((e) => ({ subscriptionId: s.id, eventId: e.id, eventType: e.type }))),
          T0,
        );
        await store.subscriptions.deactivate(c.id, T0);
        const claim = (owner: string, now: Date, skip: number[] = []) =>
          store.deliveries.claimDue({ owner, now, leaseMs: 1_000, limit: 100, perSubscription: 2, skipSubscriptions: skip });
        const first = await claim('one', T0, [b.id]);
        expect(first.map((x) => x.subscriptionId)).toEqual([a.id, a.id]);
        const second = await claim('two', T0);
        expect(second.map((x) => x.subscriptionId).sort()).toEqual([a.id, a.id, b.id, b.id].sort());
        expect(new Set([...first, ...second].map((x) => x.id)).size).toBe(6);
        expect((await claim('three', T0)).map((x) => x.subscriptionId)).toEqual([b.id, b.id]);
        expect(await claim('four', at(999))).toEqual([]);
        // Leases run out: the first claims come back.
        expect((await claim('five', at(1_000))).length).toBe(4);
      });

      it('does not claim attempts that are not due yet', async () => {
        const s = await subscribe();
        const [e] = await append(1);
        await store.deliveries.enqueue([{ subscriptionId: s.id, eventId: e!.id, eventType: e!.type }], at(10));
        expect(await store.deliveries.claimDue({ owner: 'x', now: T0, leaseMs: 1_000, limit: 10, perSubscription: 10, skipSubscriptions: [] })).toEqual([]);
      });

      it('completes only under the lease owner; a retry schedules the next attempt', async () => {
        const s = await subscribe();
        const [e] = await append(1);
        await store.deliveries.enqueue([{ subscriptionId: s.id, eventId: e!.id, eventType: e!.type }], T0);
        const [first] = await store.deliveries.claimDue({ owner: 'old', now: T0, leaseMs: 1_000, limit: 10, perSubscription: 10, skipSubscriptions: [] });
        const [again] = await store.deliveries.claimDue({ owner: 'new', now: at(1_000), leaseMs: 1_000, limit: 10, perSubscription: 10, skipSubscriptions: [] });
        expect(again!.id).toBe(first!.id);
        const result = { outcome: 'retrying' as const, statusCode: 500, durationMs: 12, error: 'HTTP 500', retryAt: at(61_000) };
        expect(await store.deliveries.complete(first!.id, 'old', result, at(1_100))).toBe(false);
        expect(await store.deliveries.complete(first!.id, 'new', result, at(1_100))).toBe(true);
        expect(await store.deliveries.complete(first!.id, 'new', result, at(1_200))).toBe(false);
        const { results } = await store.deliveries.listAttempts(s.id, { offset: 0, limit: 10 });
        expect(results.map((r) => [r.attempt, r.outcome, r.statusCode, r.nextAttemptAt])).toEqual([
          [2, 'pending', null, at(61_000)],
          [1, 'retrying', 500, at(61_000)],
        ]);
        expect(results[0]).toMatchObject({ firstAttemptAt: T0, createdAt: at(1_100), eventId: e!.id, eventType: 'ticket.updated' });
        expect(results[1]).toMatchObject({ durationMs: 12, error: 'HTTP 500', deliveredAt: null });
      });

      it('records a delivery, cancels pending attempts of a subscription, and deletes them with it', async () => {
        const s = await subscribe();
        const events = await append(2);
        await store.deliveries.enqueue(events.map((e) => ({ subscriptionId: s.id, eventId: e.id, eventType: e.type })), T0);
        const [one] = await store.deliveries.claimDue({ owner: 'o', now: T0, leaseMs: 1_000, limit: 1, perSubscription: 10, skipSubscriptions: [] });
        await store.deliveries.complete(one!.id, 'o', { outcome: 'delivered', statusCode: 200, durationMs: 3, error: null, retryAt: null }, at(5));
        expect(await store.deliveries.cancelPending(s.id, 'endpoint deactivated', at(6))).toBe(1);
        const { results } = await store.deliveries.listAttempts(s.id, { offset: 0, limit: 10 });
        expect(results.map((r) => [r.outcome, r.error])).toEqual([
          ['failed', 'endpoint deactivated'],
          ['delivered', null],
        ]);
        expect(results[1]!.deliveredAt).toEqual(at(5));
        await store.subscriptions.delete(s.id);
        expect((await store.deliveries.listAttempts(s.id, { offset: 0, limit: 10 })).count).toBe(0);
      });
    });
  });
}
