import { describe, expect, it } from 'vitest';
import type { TicketPercentiles } from '@tessera/core';
import { durationPercentiles } from '../src/admin/duration-percentiles.js';
import { AdminClient } from './browser/admin-client.js';
import { createAdminFixture } from './browser/admin-fixture.js';
import { manualClock } from './fixture.js';

const MINUTE = 60_000;

async function world(start: string) {
  const clock = manualClock(start);
  const f = await createAdminFixture({ clock });
  const staff = { id: f.staff.id, role: 'staff' as const, customerId: null };
  const customer = { id: f.customerUser.id, role: 'customer' as const, customerId: f.customerUser.customerId };
  const create = (subject: string) => f.ticketing.tickets.create(customer, { subject, description: 'd' });
  const answer = (id: number) => f.ticketing.comments.add(staff, id, { content: 'on it' });
  const dashboard = async () => {
    const client = new AdminClient(f.app);
    await client.signIn();
    return (await client.page('dashboard')).html;
  };
  return { ...f, clock, staff, create, answer, dashboard };
}

/** The `<desc>` of the duration chart, which states its numbers in words. */
const described = (html: string) => html.match(/<desc id="durations-desc">([^<]*)<\/desc>/u)?.[1];
/** The duration chart's markup. */
const durationChart = (html: string) => html.match(/<svg[^>]*aria-labelledby="durations-title[\s\S]*?<\/svg>/u)?.[0] ?? '';

describe('dashboard: response and resolution time percentiles', () => {
  it('draws the percentiles of the tickets created in the last 30 days and says so', async () => {
    const w = await world('2026-01-01T10:00:00Z');
    // Outside the window: answered after 1 h, which would move the median if counted.
    const old = await w.create('old');
    w.clock.advance(60 * MINUTE);
    await w.answer(old.id);

    w.clock.set('2026-03-01T10:00:00Z');
    const [a, b] = [await w.create('a'), await w.create('b'), await w.create('never answered')];
    w.clock.advance(30 * MINUTE);
    await w.answer(a!.id);
    w.clock.advance(60 * MINUTE);
    await w.answer(b!.id);
    w.clock.advance(90 * MINUTE);
    await w.ticketing.tickets.changeStatus(w.staff, a!.id, 'resolved');

    const html = await w.dashboard();
    expect(durationChart(html)).toMatch(/class="bar"/u);
    expect(durationChart(html)).not.toContain('No data yet');
    expect(described(html)).toBe(
      'First response time: median 0.5 hours, 90th percentile 1.5 hours, 95th percentile 1.5 hours. ' +
        'Resolution time: median 3 hours, 90th percentile 3 hours, 95th percentile 3 hours.',
    );
    expect(html).toContain('Response and resolution times, last 30 days</h2>');
    expect(html).toContain('<title id="durations-title">Response and resolution times (hours) of the tickets created in the last 30 days, since 2026-01-31 (UTC)</title>');
    expect(html).toContain('3 tickets created in the last 30 days (since 2026-01-31, UTC): 2 answered, 1 resolved.');
  });

  it('switches to minutes for short times and says "No data yet" for a duration no ticket has', async () => {
    const w = await world('2026-03-01T10:00:00Z');
    const t = await w.create('quick');
    w.clock.advance(45 * MINUTE);
    await w.answer(t.id);
    const html = await w.dashboard();
    expect(described(html)).toBe(
      'First response time: median 45 minutes, 90th percentile 45 minutes, 95th percentile 45 minutes. Resolution time: no data yet.',
    );
    expect(html).toContain('1 ticket created in the last 30 days (since 2026-01-31, UTC): 1 answered, 0 resolved.');
  });

  it('says "No data yet" for both durations on an empty window', async () => {
    const w = await world('2026-03-01T10:00:00Z');
    const html = await w.dashboard();
    expect(described(html)).toBe('First response time: no data yet. Resolution time: no data yet.');
    expect(durationChart(html).match(/No data yet/gu)).toHaveLength(2);
  });
});

describe('durationPercentiles', () => {
  const result = (response: Record<string, number | null>, resolution: Record<string, number | null>, counts = [1, 1]): TicketPercentiles => ({
    percentiles: [50, 90, 95],
    tickets: 5,
    firstResponse: { sampleSize: counts[0]!, seconds: response },
    resolution: { sampleSize: counts[1]!, seconds: resolution },
  });

  it('converts seconds to hours from two hours up, to minutes below', () => {
    const hours = durationPercentiles(result({ 50: 1800, 90: 3600, 95: 7200 }, { 50: 3600, 90: 3600, 95: 3600 }), '2026-01-01');
    expect(hours.unit).toBe('hours');
    expect(hours.values.response).toEqual({ p50: 0.5, p90: 1, p95: 2 });
    const minutes = durationPercentiles(result({ 50: 60, 90: 90, 95: 7199 }, { 50: 30, 90: 30, 95: 30 }), '2026-01-01');
    expect(minutes.unit).toBe('minutes');
    expect(minutes.values).toEqual({ response: { p50: 1, p90: 1.5, p95: 7199 / 60 }, resolution: { p50: 0.5, p90: 0.5, p95: 0.5 } });
  });

  it('gives null for a duration without samples', () => {
    const none = durationPercentiles(result({ 50: 60, 90: 60, 95: 60 }, { 50: null, 90: null, 95: null }, [1, 0]), '2026-01-01');
    expect(none.values.resolution).toBeNull();
    expect(none).toMatchObject({ tickets: 5, responded: 1, resolved: 0, since: '2026-01-01' });
  });
});
