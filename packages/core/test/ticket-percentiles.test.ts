import { describe, expect, it } from 'vitest';
import { ForbiddenError, ValidationError } from '../src/index.js';
import { setup } from './fixtures.js';

/** Three tickets on 2025-01-01: answered after 1 h, 2 h and never; the first resolved after 5 h. */
async function world() {
  const env = await setup();
  const { ticketing, clock, alice, carol } = env;
  const [a, b] = [
    await ticketing.tickets.create(carol, { subject: 'a', description: 'a' }),
    await ticketing.tickets.create(carol, { subject: 'b', description: 'b' }),
    await ticketing.tickets.create(carol, { subject: 'c', description: 'c' }),
  ];
  clock.advanceHours(1);
  await ticketing.comments.add(alice, a!.id, { content: 'on it' });
  // An internal note is not a response.
  await ticketing.comments.add(alice, b!.id, { content: 'note', isInternal: true });
  clock.advanceHours(1);
  await ticketing.comments.add(alice, b!.id, { content: 'on it' });
  clock.advanceHours(3);
  await ticketing.tickets.changeStatus(alice, a!.id, 'resolved');
  return env;
}

describe('tickets.percentiles', () => {
  it('gives the default median, p90 and p95 in seconds, with sample sizes', async () => {
    const { ticketing, alice } = await world();
    expect(await ticketing.tickets.percentiles(alice)).toEqual({
      percentiles: [50, 90, 95],
      tickets: 3,
      firstResponse: { sampleSize: 2, seconds: { 50: 3600, 90: 7200, 95: 7200 } },
      resolution: { sampleSize: 1, seconds: { 50: 18_000, 90: 18_000, 95: 18_000 } },
    });
  });

  it('computes the asked percentiles ascending, each once, over the creation window', async () => {
    const { ticketing, alice } = await world();
    const r = await ticketing.tickets.percentiles(alice, { percentiles: [99.9, 25, 99.9], createdAfter: '2025-01-01' });
    expect(r.percentiles).toEqual([25, 99.9]);
    expect(r.firstResponse.seconds).toEqual({ 25: 3600, 99.9: 7200 });
    const empty = await ticketing.tickets.percentiles(alice, { createdAfter: '2025-01-02' });
    expect(empty).toEqual({
      percentiles: [50, 90, 95],
      tickets: 0,
      firstResponse: { sampleSize: 0, seconds: { 50: null, 90: null, 95: null } },
      resolution: { sampleSize: 0, seconds: { 50: null, 90: null, 95: null } },
    });
  });

  it('is for staff only', async () => {
    const { ticketing, carol } = await world();
    await expect(ticketing.tickets.percentiles(carol)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('rejects percentiles outside 0.01…100, finer than 0.01, too many or none', async () => {
    const { ticketing, alice } = await world();
    const issues = async (percentiles: unknown) => {
      const error = await ticketing.tickets.percentiles(alice, { percentiles } as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).issues.percentiles?.map((i) => i.code);
    };
    expect(await issues([0])).toEqual(['min_value']);
    expect(await issues([100.5])).toEqual(['max_value']);
    expect(await issues([50.005])).toEqual(['invalid']);
    expect(await issues(['50'])).toEqual(['invalid_type']);
    expect(await issues([])).toEqual(['min_value']);
    expect(await issues(Array.from({ length: 11 }, (_, i) => i + 1))).toEqual(['max_items']);
  });

  it('validates the list filters as statistics does', async () => {
    const { ticketing, alice } = await world();
    await expect(ticketing.tickets.percentiles(alice, { createdAfter: 'not a date' })).rejects.toBeInstanceOf(ValidationError);
  });
});
