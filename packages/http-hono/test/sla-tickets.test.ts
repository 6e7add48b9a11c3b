import { beforeEach, describe, expect, it } from 'vitest';
import { STORE_KINDS, useFixture } from './fixture.js';

const HOUR = 3_600_000;
const SLA_KEYS = [
  'sla_policy',
  'first_response_due_at',
  'first_response_breached',
  'resolution_due_at',
  'resolution_breached',
  'sla_status',
  'response_time_business_hours',
  'resolution_time_business_hours',
];

describe.each(STORE_KINDS)('ticket SLA fields on the wire (%s store)', (kind) => {
  const f = useFixture(kind);
  let policyId: number;
  beforeEach(async () => {
    // The fixture's clock starts Wednesday 2025-01-15 12:00 UTC.
    const cal = await f.call(f.alice, 'POST', '/calendars/', { name: 'UTC office', timezone: 'UTC', hours: { wed: [['09:00', '17:00']], thu: [['09:00', '17:00']] } });
    const policy = await f.call(f.alice, 'POST', '/sla-policies/', {
      name: 'Office',
      calendar: cal.body.id,
      targets: { high: { first_response_minutes: 60, resolution_minutes: 600 }, urgent: { first_response_minutes: 30 } },
    });
    expect(policy.status).toBe(201);
    policyId = policy.body.id;
  });

  it('shows staff the policy, due times, breach flags, status and business-hour metrics; customers none of them', async () => {
    const t = await f.ticket({ priority: 'high' });
    expect(t).toMatchObject({
      sla_policy: policyId,
      first_response_due_at: '2025-01-15T13:00:00Z',
      first_response_breached: false,
      // 10 business hours: 5 left on Wednesday (12–17), 5 on Thursday (9–14).
      resolution_due_at: '2025-01-16T14:00:00Z',
      resolution_breached: false,
      sla_status: 'active',
      response_time_business_hours: null,
      resolution_time_business_hours: null,
    });
    const none = await f.ticket({ priority: 'low' });
    expect(none).toMatchObject({ sla_policy: policyId, sla_status: 'none', first_response_due_at: null, resolution_due_at: null });

    f.clock.advance(2 * HOUR);
    const late = await f.call(f.alice, 'GET', `/tickets/${t.id}/`);
    expect(late.body).toMatchObject({ first_response_breached: true, sla_status: 'breached' });
    await f.call(f.alice, 'POST', `/tickets/${t.id}/add_comment/`, { content: 'On it' });
    const answered = await f.call(f.alice, 'GET', `/tickets/${t.id}/`);
    expect(answered.body.response_time_business_hours).toBe(2);

    const asCustomer = await f.call(f.carol, 'GET', `/tickets/${t.id}/`);
    expect(asCustomer.status).toBe(200);
    for (const key of SLA_KEYS) expect(asCustomer.body, key).not.toHaveProperty(key);
    const customerList = await f.call(f.carol, 'GET', '/tickets/');
    for (const key of SLA_KEYS) expect(customerList.body.results[0], key).not.toHaveProperty(key);
    const staffList = await f.call(f.alice, 'GET', '/tickets/');
    for (const key of SLA_KEYS) expect(staffList.body.results[0], key).toHaveProperty(key);
  });

  it('filters by sla_status and sla_breached, orders by due times, and refuses bad values with 400', async () => {
    const breached = await f.ticket({ priority: 'urgent' });
    const later = await f.ticket({ priority: 'high' });
    const none = await f.ticket({ priority: 'low' });
    f.clock.advance(45 * 60_000);
    const ids = async (query: string) => {
      const res = await f.call(f.alice, 'GET', `/tickets/?${query}`);
      expect(res.status, query).toBe(200);
      return res.body.results.map((r: { id: number }) => r.id);
    };
    expect(await ids('sla_breached=true')).toEqual([breached.id]);
    expect((await ids('sla_breached=false')).sort()).toEqual([later.id, none.id].sort());
    expect(await ids('sla_status=active')).toEqual([later.id]);
    expect(await ids('sla_status=none')).toEqual([none.id]);
    expect(await ids('sla_status=breached')).toEqual([breached.id]);
    // Missing due times last when ascending.
    expect(await ids('ordering=first_response_due_at')).toEqual([breached.id, later.id, none.id]);
    expect((await ids('ordering=resolution_due_at'))[0]).toBe(later.id);

    for (const [query, key] of [
      ['sla_breached=yes', 'sla_breached'],
      ['sla_status=late', 'sla_status'],
      ['ordering=due_at', 'ordering'],
    ] as const) {
      const res = await f.call(f.alice, 'GET', `/tickets/?${query}`);
      expect(res.status, query).toBe(400);
      expect(Object.keys(res.body), query).toEqual([key]);
    }
  });

  it('adds the sla block to the statistics', async () => {
    await f.ticket({ priority: 'urgent' });
    const done = await f.ticket({ priority: 'high' });
    await f.ticket({ priority: 'high' });
    await f.call(f.alice, 'POST', `/tickets/${done.id}/add_comment/`, { content: 'Looking' });
    f.clock.advance(45 * 60_000);
    const stats = await f.call(f.alice, 'GET', '/tickets/statistics/');
    expect(stats.status).toBe(200);
    expect(stats.body.sla).toEqual({
      first_response: { active: 1, fulfilled: 1, breached: 1 },
      resolution: { active: 2, paused: 0, fulfilled: 0, breached: 0 },
    });
    const asCustomer = await f.call(f.carol, 'GET', '/tickets/statistics/');
    expect(asCustomer.status).toBe(200);
    expect(asCustomer.body).not.toHaveProperty('sla');
  });

  it('documents the SLA fields, filters, orderings and statistics in the OpenAPI document', async () => {
    const doc = (await f.call(null, 'GET', '/openapi.json')).body;
    const ticket = doc.components.schemas.Ticket.properties;
    for (const key of SLA_KEYS) expect(ticket, key).toHaveProperty(key);
    const params = doc.paths['/tickets/'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['sla_status', 'sla_breached', 'ordering']));
    expect(doc.components.schemas.Statistics.properties).toHaveProperty('sla');
  });
});
