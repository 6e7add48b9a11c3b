import { afterEach, describe, expect, it } from 'vitest';

import { createHarness } from './harness.js';

let h: ReturnType<typeof createHarness>;
afterEach(async () => h.close());

const log = async (subscriptionId: number) => (await h.service.deliveries(subscriptionId, { offset: 0, limit: 100 }))!.results.reverse();

describe('dispatcher: delivery', () => {
  it('delivers a committed event once, signed, with { type, timestamp, data }, and logs the attempt', async () => {
    h = createHarness();
    const { receiver, subscription } = await h.endpoint();
    const event = await h.emit('ticket.created', { id: 1, ticket_number: 'TKT-000001' });
    const round = await h.dispatcher().runOnce();
    expect(round).toEqual({ events: 1, attempts: 1 });
    expect(receiver.badSignatures).toEqual([]);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.id).toBe(String(event.id));
    expect(receiver.received[0]!.body).toEqual({ type: 'ticket.created', timestamp: event.occurredAt.toISOString(), data: { id: 1, ticket_number: 'TKT-000001' } });
    const [row] = await log(subscription.id);
    expect(row).toMatchObject({ eventId: event.id, eventType: 'ticket.created', attempt: 1, outcome: 'delivered', statusCode: 204, error: null, nextAttemptAt: null });
    expect(row!.deliveredAt).toEqual(h.clock.now());
    expect(row!.durationMs).toBeGreaterThanOrEqual(0);
    // Nothing left: a second pass sends nothing.
    expect(await h.dispatcher().runOnce()).toEqual({ events: 0, attempts: 0 });
  });

  it('fans out by events filter; internal events only to include_internal; ping to its one endpoint', async () => {
    h = createHarness();
    const onlyCreated = await h.endpoint({ events: ['ticket.created'] });
    const all = await h.endpoint({ events: ['*'] });
    const internal = await h.endpoint({ events: ['*'], includeInternal: true });
    await h.emit('ticket.created');
    await h.emit('comment.created', { is_internal: true }, { internal: true });
    await h.emit('ticket.updated');
    await h.service.ping(onlyCreated.subscription.id);
    await h.dispatcher().runOnce();
    const types = (r: typeof all) => r.receiver.received.map((x) => x.type).sort();
    expect(types(onlyCreated)).toEqual(['ping', 'ticket.created']);
    expect(types(all)).toEqual(['ticket.created', 'ticket.updated']);
    expect(types(internal)).toEqual(['comment.created', 'ticket.created', 'ticket.updated']);
    expect(onlyCreated.receiver.received.find((r) => r.type === 'ping')!.body.data).toEqual({ webhook: onlyCreated.subscription.id });
    expect((await log(onlyCreated.subscription.id)).map((r) => r.eventType)).toEqual(['ticket.created', 'ping']);
  });
});

describe('dispatcher: failures and retries', () => {
  it('refuses at connect time an endpoint that is loopback, unless allowPrivate', async () => {
    h = createHarness();
    const { receiver, subscription } = await h.endpoint();
    await h.emit('ticket.updated');
    await h.dispatcher({ allowPrivate: false }).runOnce();
    expect(receiver.received).toHaveLength(0);
    const [row] = await log(subscription.id);
    expect(row).toMatchObject({ outcome: 'retrying', statusCode: null });
    expect(row!.error).toMatch(/127\.0\.0\.1 is a loopback address/);
    h.clock.advance(10_000);
    await h.dispatcher({ allowPrivate: true }).runOnce();
    expect(receiver.received).toHaveLength(1);
  });


  it('retries 500s, resets and redirects on the schedule with the same webhook-id, each signed afresh', async () => {
    h = createHarness();
    const { receiver, subscription } = await h.endpoint();
    const answers = [{ status: 500 }, 'reset' as const, { status: 302, headers: { location: 'http://127.0.0.1:1/' } }, { status: 200 }];
    receiver.respond = () => answers.shift()!;
    await h.emit('ticket.updated');
    const d = h.dispatcher();
    const t0 = h.clock.now().getTime();
    expect((await d.runOnce()).attempts).toBe(1);
    expect((await d.runOnce()).attempts).toBe(0); // not due yet
    h.clock.advance(10_000);
    expect((await d.runOnce()).attempts).toBe(1);
    h.clock.advance(60_000);
    expect((await d.runOnce()).attempts).toBe(1);
    h.clock.advance(299_000);
    expect((await d.runOnce()).attempts).toBe(0);
    h.clock.advance(1_000);
    expect((await d.runOnce()).attempts).toBe(1);

    expect(receiver.badSignatures).toEqual([]);
    expect(receiver.received.map((r) => r.nth)).toEqual([1, 2, 3, 4]);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(1);
    const stamps = receiver.received.map((r) => r.timestamp);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(stamps[3]! - stamps[0]!).toBe(370);

    const rows = await log(subscription.id);
    expect(rows.map((r) => [r.attempt, r.outcome, r.statusCode])).toEqual([
      [1, 'retrying', 500],
      [2, 'retrying', null],
      [3, 'retrying', 302],
      [4, 'delivered', 200],
    ]);
    expect(rows[0]!.error).toBe('HTTP 500');
    expect(rows[1]!.error).toMatch(/ECONNRESET|socket hang up/);
    expect(rows[0]!.nextAttemptAt!.getTime()).toBe(t0 + 10_000);
    expect(rows[1]!.nextAttemptAt!.getTime()).toBe(t0 + 70_000);
    // A success ends the endpoint's failure run.
    expect((await h.store.subscriptions.get(subscription.id))!.failingSince).toBeNull();
  });

  it('times out a receiver that does not answer', async () => {
    h = createHarness();
    const { receiver, subscription } = await h.endpoint();
    receiver.respond = () => 'hang';
    await h.emit('ticket.updated');
    await h.dispatcher({ timeoutMs: 300 }).runOnce();
    const [row] = await log(subscription.id);
    expect(row).toMatchObject({ outcome: 'retrying', statusCode: null, error: 'timeout after 300 ms' });
    expect(row!.durationMs).toBeGreaterThanOrEqual(290);
  });

  it('honours Retry-After over the schedule', async () => {
    h = createHarness();
    const { receiver, subscription } = await h.endpoint();
    receiver.respond = () => ({ status: 503, headers: { 'retry-after': '120' } });
    await h.emit('ticket.updated');
    const now = h.clock.now().getTime();
    await h.dispatcher().runOnce();
    const rows = await log(subscription.id);
    expect(rows.map((r) => [r.attempt, r.outcome, r.nextAttemptAt?.getTime()])).toEqual([
      [1, 'retrying', now + 120_000],
      [2, 'pending', now + 120_000],
    ]);
  });

  it('marks the delivery failed when the schedule is exhausted', async () => {
    h = createHarness();
    const { receiver, subscription } = await h.endpoint();
    receiver.respond = () => ({ status: 500 });
    await h.emit('ticket.updated');
    const d = h.dispatcher();
    for (const wait of [0, 10_000, 60_000, 300_000, 3_600_000]) {
      h.clock.advance(wait);
      await d.runOnce();
    }
    const rows = await log(subscription.id);
    expect(rows.map((r) => r.outcome)).toEqual(['retrying', 'retrying', 'retrying', 'failed']);
    expect(rows[3]!.nextAttemptAt).toBeNull();
    expect(receiver.received).toHaveLength(4);
    expect((await h.store.subscriptions.get(subscription.id))!.isActive).toBe(true);
  });

  it('deactivates the endpoint on 410 and fails its pending deliveries', async () => {
    h = createHarness();
    const { receiver, subscription } = await h.endpoint();
    const other = await h.endpoint();
    receiver.respond = () => ({ status: 410 });
    await h.emit('ticket.updated');
    await h.dispatcher({ maxInFlightPerEndpoint: 1, maxInFlight: 1 }).runOnce();
    // Queued after the 410 on another dispatcher's pass: nothing more is sent to it.
    await h.emit('ticket.created');
    await h.dispatcher().runOnce();
    expect(receiver.received).toHaveLength(1);
    expect(other.receiver.received).toHaveLength(2);
    expect((await h.store.subscriptions.get(subscription.id))!.isActive).toBe(false);
    const rows = await log(subscription.id);
    expect(rows.map((r) => [r.outcome, r.statusCode])).toEqual([['failed', 410]]);
  });

  it('deactivates an endpoint that has failed for 5 days straight, not before', async () => {
    h = createHarness();
    const { receiver, subscription } = await h.endpoint();
    receiver.respond = () => ({ status: 500 });
    await h.emit('ticket.updated');
    await h.emit('ticket.created');
    const d = h.dispatcher({ retryPolicy: { kind: 'schedule', delaysMs: Array(10).fill(86_400_000) } });
    await d.runOnce();
    const start = h.clock.now();
    for (let day = 1; day <= 4; day++) {
      h.clock.advance(86_400_000);
      await d.runOnce();
    }
    expect(await h.store.subscriptions.get(subscription.id)).toMatchObject({ isActive: true, failingSince: start });
    h.clock.advance(86_400_000);
    await d.runOnce();
    expect((await h.store.subscriptions.get(subscription.id))!.isActive).toBe(false);
    const rows = await log(subscription.id);
    // Two events × 6 attempts each, none left pending.
    expect(rows.filter((r) => r.outcome === 'pending')).toEqual([]);
    expect(rows.at(-1)).toMatchObject({ outcome: 'failed', error: 'endpoint deactivated after failing for 5 days' });
    h.clock.advance(86_400_000);
    expect((await d.runOnce()).attempts).toBe(0);
  });
});
