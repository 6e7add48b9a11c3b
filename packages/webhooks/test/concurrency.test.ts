import { afterEach, describe, expect, it } from 'vitest';

import type { WebhookStore } from '../src/index.js';
import { createHarness } from './harness.js';

let h: ReturnType<typeof createHarness>;
afterEach(async () => h.close());

const outcomes = async (subscriptionId: number) =>
  (await h.store.deliveries.listAttempts(subscriptionId, { offset: 0, limit: 10_000 })).results.map((r) => r.outcome);

describe('dispatcher: concurrency', () => {
  it('two dispatchers on one store never send the same attempt at the same time', async () => {
    h = createHarness();
    const { receiver, subscription } = await h.endpoint({ realClock: true });
    receiver.respond = () => ({ status: 200, delayMs: 5 });
    const a = h.dispatcher({ clock: undefined, pollIntervalMs: 10 });
    const b = h.dispatcher({ clock: undefined, pollIntervalMs: 10 });
    a.start();
    b.start();
    for (let i = 0; i < 200; i++) await h.emit('ticket.updated', { i });
    a.wake();
    b.wake();
    await receiver.until(() => receiver.countById.size === 200 && receiver.inFlight === 0);
    await Promise.all([a.stop(), b.stop()]);
    expect(receiver.badSignatures).toEqual([]);
    expect(receiver.maxInFlightSameId).toBe(1);
    expect([...receiver.countById.values()].every((n) => n === 1)).toBe(true);
    expect(receiver.received).toHaveLength(200);
    // Both took part, and together they kept more than one endpoint lane's worth in flight.
    expect(receiver.maxInFlight).toBeGreaterThan(4);
    expect(receiver.maxInFlight).toBeLessThanOrEqual(8);
    expect((await outcomes(subscription.id)).every((o) => o === 'delivered')).toBe(true);
  });

  it('bounds each endpoint to its in-flight limit, and a hung endpoint never delays another', async () => {
    h = createHarness();
    const slow = await h.endpoint({ realClock: true });
    const fast = await h.endpoint({ realClock: true });
    slow.receiver.respond = () => 'hang';
    const d = h.dispatcher({ clock: undefined, pollIntervalMs: 10, maxInFlightPerEndpoint: 3, timeoutMs: 30_000 });
    for (let i = 0; i < 30; i++) await h.emit('ticket.updated', { i });
    d.start();
    await fast.receiver.until(() => fast.receiver.countById.size === 30);
    await slow.receiver.until(() => slow.receiver.inFlight === 3);
    // All 30 reached the fast endpoint while the slow one holds 3 unanswered requests and got no more.
    expect(slow.receiver.received).toHaveLength(3);
    expect(slow.receiver.maxInFlight).toBe(3);
    slow.receiver.respond = () => ({ status: 200 });
    slow.receiver.releaseHung();
    await slow.receiver.until(() => slow.receiver.countById.size === 30);
    await d.stop();
    expect(slow.receiver.maxInFlight).toBe(3);
    expect((await outcomes(slow.subscription.id)).filter((o) => o === 'delivered')).toHaveLength(30);
  });

  it('stop() stops claiming and waits for in-flight attempts to be recorded', async () => {
    h = createHarness();
    const { receiver, subscription } = await h.endpoint({ realClock: true });
    receiver.respond = () => 'hang';
    const d = h.dispatcher({ clock: undefined, pollIntervalMs: 10, maxInFlightPerEndpoint: 2, timeoutMs: 30_000 });
    for (let i = 0; i < 5; i++) await h.emit('ticket.updated', { i });
    d.start();
    await receiver.until(() => receiver.inFlight === 2);
    const stopped = d.stop();
    receiver.respond = () => ({ status: 200 });
    receiver.releaseHung();
    await stopped;
    const states = await outcomes(subscription.id);
    // The two in flight (and any it had already claimed) were recorded; the rest wait, unclaimed.
    expect(states.filter((o) => o === 'delivered').length).toBeGreaterThanOrEqual(2);
    expect(states.filter((o) => o === 'delivered')).toHaveLength(receiver.received.length);
    expect(await h.store.deliveries.claimDue({ owner: 'probe', now: new Date(), leaseMs: 1, limit: 10, perSubscription: 10, skipSubscriptions: [] })).toHaveLength(
      5 - receiver.received.length,
    );
  });

  it('a dispatcher killed while sending: its attempts are sent again by another after the lease', async () => {
    h = createHarness();
    const { receiver, subscription } = await h.endpoint();
    receiver.respond = () => 'hang';
    for (let i = 0; i < 3; i++) await h.emit('ticket.updated', { i });
    const a = h.dispatcher({ leaseMs: 60_000, pollIntervalMs: 10 });
    a.start();
    await receiver.until(() => receiver.inFlight === 3);
    a.abandon(); // as if the process died: no more writes
    receiver.respond = () => ({ status: 200 });
    receiver.releaseHung();

    const b = h.dispatcher({ leaseMs: 60_000 });
    expect(await b.runOnce()).toEqual({ events: 0, attempts: 0 }); // still leased to the dead one
    h.clock.advance(60_001);
    expect(await b.runOnce()).toEqual({ events: 0, attempts: 3 });
    expect([...receiver.countById.values()]).toEqual([2, 2, 2]); // at least once: receivers de-duplicate by webhook-id
    expect(receiver.badSignatures).toEqual([]);
    expect(await outcomes(subscription.id)).toEqual(['delivered', 'delivered', 'delivered']);
  });

  it('a dispatcher killed mid-batch, before acknowledging the outbox: the batch is fanned out again after the lease', async () => {
    h = createHarness();
    const { receiver } = await h.endpoint();
    for (let i = 0; i < 5; i++) await h.emit('ticket.updated', { i });
    // Dispatcher A's process freezes right after claiming the batch, before scheduling or acknowledging it.
    let reached!: () => void;
    const atEnqueue = new Promise<void>((resolve) => (reached = resolve));
    const frozen: WebhookStore = {
      ...h.store,
      deliveries: { ...h.store.deliveries, enqueue: () => (reached(), new Promise<void>(() => {})) },
    };
    const a = h.dispatcher({ store: frozen, leaseMs: 30_000 });
    void a.runOnce();
    await atEnqueue;
    a.abandon();

    const b = h.dispatcher({ leaseMs: 30_000 });
    expect(await b.runOnce()).toEqual({ events: 0, attempts: 0 });
    h.clock.advance(30_001);
    expect(await b.runOnce()).toEqual({ events: 5, attempts: 5 });
    // Sent concurrently, so they may arrive in any order (receivers must not rely on order).
    expect(receiver.received.map((r) => (r.body.data as { i: number }).i).sort()).toEqual([0, 1, 2, 3, 4]);
    expect([...receiver.countById.values()]).toEqual([1, 1, 1, 1, 1]);
  });
});
