import { describe, expect, it } from 'vitest';
import { STORE_KINDS, useFixture } from './fixture.js';

const MINUTE = 60_000;

describe.each(STORE_KINDS)('GET /tickets/percentiles/ (%s store)', (kind) => {
  const f = useFixture(kind);

  /** Two tickets created now: one answered after 10 min and resolved after 1 h, one never answered. */
  async function seed() {
    const a = await f.ticket();
    await f.ticket({ subject: 'Printer jam' });
    f.clock.advance(10 * MINUTE);
    expect((await f.call(f.alice, 'POST', `/tickets/${a.id}/add_comment/`, { content: 'on it' })).status).toBe(201);
    f.clock.advance(50 * MINUTE);
    expect((await f.call(f.alice, 'POST', `/tickets/${a.id}/change_status/`, { status: 'resolved' })).status).toBe(200);
  }

  it('answers staff with nearest-rank percentiles in seconds and the sample sizes', async () => {
    await seed();
    const res = await f.call(f.alice, 'GET', '/tickets/percentiles/');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      percentiles: [50, 90, 95],
      tickets: 2,
      first_response: { sample_size: 1, seconds: { 50: 600, 90: 600, 95: 600 } },
      resolution: { sample_size: 1, seconds: { 50: 3600, 90: 3600, 95: 3600 } },
    });
  });

  it('takes the list filters and a comma-separated percentiles list', async () => {
    await seed();
    const res = await f.call(f.alice, 'GET', '/tickets/percentiles/?search=printer&percentiles=99.9, 25');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      percentiles: [25, 99.9],
      tickets: 1,
      first_response: { sample_size: 0, seconds: { 25: null, 99.9: null } },
      resolution: { sample_size: 0, seconds: { 25: null, 99.9: null } },
    });
    const window = await f.call(f.alice, 'GET', '/tickets/percentiles/?created_after=2025-01-16');
    expect(window.body.tickets).toBe(0);
  });

  it('refuses customers (403) and bad percentiles or filters (400, under their names)', async () => {
    expect((await f.call(f.carol, 'GET', '/tickets/percentiles/')).status).toBe(403);
    const words = await f.call(f.alice, 'GET', '/tickets/percentiles/?percentiles=50,ninety');
    expect(words.status).toBe(400);
    expect(words.body).toEqual({ percentiles: ['"ninety" is not a percentile: use comma-separated numbers such as 50,90,99.9.'] });
    const range = await f.call(f.alice, 'GET', '/tickets/percentiles/?percentiles=0,50');
    expect(range.status).toBe(400);
    expect(range.body).toEqual({ percentiles: ['Ensure this value is greater than or equal to 0.01.'] });
    const date = await f.call(f.alice, 'GET', '/tickets/percentiles/?created_after=yesterday');
    expect(date.status).toBe(400);
    expect(Object.keys(date.body)).toEqual(['created_after']);
  });
});
