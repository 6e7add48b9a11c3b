import { beforeEach, describe, expect, it } from 'vitest';
import { STORE_KINDS, useFixture, type Fixture } from './fixture.js';

const HOUR = 3_600_000;

describe.each(STORE_KINDS)('ticket lists, filters and statistics (%s store)', (kind) => {
  const f = useFixture(kind);
  let ids: Record<string, number>;
  beforeEach(async () => {
    f.clock.set('2025-01-10T09:00:00Z');
    const login = await f.ticket({ subject: 'Login issue on portal', priority: 'high', category: 'technical', tags: 'login, auth', assigned_to: f.alice.id, due_date: '2025-01-11T00:00:00Z' });
    f.clock.set('2025-01-12T09:00:00Z');
    const invoice = await f.ticket({ subject: 'Invoice wrong', priority: 'low', category: 'billing', customer: f.globex.id, assigned_to: f.bob.id });
    f.clock.set('2025-01-14T09:00:00Z');
    const crash = await f.ticket({ subject: 'App crash 100%_done', priority: 'critical', category: 'bug', tags: 'crash' });
    f.clock.set('2025-01-15T12:00:00Z');
    await f.call(f.alice, 'POST', `/tickets/${invoice.id}/change_status/`, { status: 'resolved' });
    ids = { login: login.id, invoice: invoice.id, crash: crash.id };
  });

  const numbers = async (query: string, who: Fixture['alice'] = f.alice) => {
    const res = await f.call(who, 'GET', `/tickets/${query}`);
    expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body.results.map((t: { id: number }) => t.id);
  };

  it('lists newest first with DRF pagination and row shape without embedded collections', async () => {
    const res = await f.call(f.alice, 'GET', '/tickets/');
    expect(res.body).toMatchObject({ count: 3, next: null, previous: null });
    expect(res.body.results.map((t: { id: number }) => t.id)).toEqual([ids.crash, ids.invoice, ids.login]);
    const row = res.body.results[0];
    expect(row).toHaveProperty('customer_details');
    expect(row).toHaveProperty('is_overdue');
    expect(row).not.toHaveProperty('comments');
    expect(row).not.toHaveProperty('history');
  });

  it('filters by every seed query parameter', async () => {
    expect(await numbers('?status=resolved')).toEqual([ids.invoice]);
    expect(await numbers('?status=open&priority=high')).toEqual([]);
    expect(await numbers('?priority=high')).toEqual([ids.login]);
    expect(await numbers('?category=bug')).toEqual([ids.crash]);
    expect(await numbers(`?customer=${f.globex.id}`)).toEqual([ids.invoice]);
    expect(await numbers(`?assigned_to=${f.bob.id}`)).toEqual([ids.invoice]);
    expect(await numbers('?assigned_to=999')).toEqual([]);
    expect(await numbers('?my_tickets=true')).toEqual([ids.login]);
    expect(await numbers('?my_tickets=false')).toHaveLength(3);
    expect(await numbers('?unassigned=true')).toEqual([ids.crash]);
    expect(await numbers('?overdue=true')).toEqual([ids.login]);
    expect(await numbers('?created_after=2025-01-12')).toEqual([ids.crash, ids.invoice]);
    expect(await numbers('?created_before=2025-01-12')).toEqual([ids.invoice, ids.login]);
    expect(await numbers('?created_after=2025-01-12T10:00:00Z')).toEqual([ids.crash]);
    expect(await numbers('?search=login%20issue')).toEqual([ids.login]);
    expect(await numbers('?search=LOGIN,portal')).toEqual([ids.login]);
    expect(await numbers('?search=TKT-000002')).toEqual([ids.invoice]);
    expect(await numbers('?search=auth')).toEqual([ids.login]);
    expect(await numbers('?search=100%25_')).toEqual([ids.crash]);
    expect(await numbers('?search=0%25_x')).toEqual([]);
  });

  it('serves the list shortcuts', async () => {
    expect((await f.call(f.alice, 'GET', '/tickets/my_tickets/')).body.results.map((t: { id: number }) => t.id)).toEqual([ids.login]);
    expect((await f.call(f.alice, 'GET', '/tickets/unassigned/')).body.results.map((t: { id: number }) => t.id)).toEqual([ids.crash]);
    expect((await f.call(f.alice, 'GET', '/tickets/overdue/')).body.results.map((t: { id: number }) => t.id)).toEqual([ids.login]);
    expect((await f.call(f.alice, 'GET', '/tickets/overdue/?priority=low')).body.count).toBe(0);
  });

  it('orders by each allowed field and rejects others', async () => {
    expect(await numbers('?ordering=priority')).toEqual([ids.invoice, ids.login, ids.crash]);
    expect(await numbers('?ordering=-priority')).toEqual([ids.crash, ids.login, ids.invoice]);
    expect(await numbers('?ordering=ticket_number')).toEqual([ids.login, ids.invoice, ids.crash]);
    expect(await numbers('?ordering=-updated_at')).toEqual([ids.invoice, ids.crash, ids.login]);
    // Missing due dates sort last ascending; ties break by id in the same direction.
    expect(await numbers('?ordering=due_date')).toEqual([ids.login, ids.invoice, ids.crash]);
    expect(await numbers('?ordering=-due_date')).toEqual([ids.crash, ids.invoice, ids.login]);
    const bad = await f.call(f.alice, 'GET', '/tickets/?ordering=subject');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body)).toEqual(['ordering']);
  });

  it('rejects unknown filter values with 400 under the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['?status=done', 'status'],
      ['?priority=extreme', 'priority'],
      ['?category=nope', 'category'],
      ['?customer=abc', 'customer'],
      ['?assigned_to=-1', 'assigned_to'],
      ['?my_tickets=yes', 'my_tickets'],
      ['?unassigned=1', 'unassigned'],
      ['?overdue=TRUE', 'overdue'],
      ['?created_after=2025-13-01', 'created_after'],
      ['?created_before=yesterday', 'created_before'],
    ];
    for (const [query, field] of cases) {
      const res = await f.call(f.alice, 'GET', `/tickets/${query}`);
      expect(res.status, query).toBe(400);
      expect(Object.keys(res.body), query).toEqual([field]);
      expect(res.body[field][0]).toEqual(expect.any(String));
    }
  });

  it('paginates with absolute next/previous links, clamps page_size and 404s past the end', async () => {
    const p1 = await f.call(f.alice, 'GET', '/tickets/?page_size=1&status=new');
    expect(p1.body.count).toBe(2);
    expect(p1.body.next).toBe('http://localhost/api/ticketing/tickets/?page_size=1&status=new&page=2');
    expect(p1.body.previous).toBeNull();
    const p2 = await f.call(f.alice, 'GET', '/tickets/?page_size=1&status=new&page=2');
    expect(p2.body.next).toBeNull();
    expect(p2.body.previous).toBe('http://localhost/api/ticketing/tickets/?page_size=1&status=new');
    expect(p2.body.results[0].id).toBe(ids.login);
    expect(await f.call(f.alice, 'GET', '/tickets/?page=3&page_size=1')).toMatchObject({ status: 200 });
    expect(await f.call(f.alice, 'GET', '/tickets/?page=4&page_size=1')).toMatchObject({ status: 404, body: { detail: 'Invalid page.' } });
    expect(await f.call(f.alice, 'GET', '/tickets/?page=abc')).toMatchObject({ status: 404, body: { detail: 'Invalid page.' } });
    expect(await f.call(f.alice, 'GET', '/tickets/?page=abc&status=done')).toMatchObject({ status: 400, body: { status: [expect.any(String)] } });
    expect((await f.call(f.alice, 'GET', '/tickets/?page_size=1000')).status).toBe(200);
    expect((await f.call(f.alice, 'GET', '/tickets/?status=closed&page=1')).body).toEqual({ count: 0, next: null, previous: null, results: [] });
  });

  it('computes statistics with zeros and the list filters', async () => {
    const all = await f.call(f.alice, 'GET', '/tickets/statistics/');
    expect(all.status).toBe(200);
    expect(all.body).toEqual({
      total_tickets: 3,
      by_status: { new: 2, open: 0, in_progress: 0, pending: 0, resolved: 1, closed: 0, reopened: 0 },
      by_priority: { low: 1, medium: 0, high: 1, urgent: 0, critical: 1 },
      by_category: { technical: 1, billing: 1, product: 0, feature_request: 0, bug: 1, account: 0, general: 0, other: 0 },
      overdue_count: 1,
      unassigned_count: 1,
      my_tickets_count: 1,
      avg_resolution_time_hours: 75,
      // Staff see SLA counts; no policy applies to these tickets.
      sla: { first_response: { active: 0, fulfilled: 0, breached: 0 }, resolution: { active: 0, paused: 0, fulfilled: 0, breached: 0 } },
    });
    const filtered = await f.call(f.alice, 'GET', `/tickets/statistics/?customer=${f.acme.id}`);
    expect(filtered.body.total_tickets).toBe(2);
    expect(filtered.body.avg_resolution_time_hours).toBeNull();
    expect((await f.call(f.alice, 'GET', '/tickets/statistics/?overdue=maybe')).status).toBe(400);
  });

  it('takes the last value of a repeated parameter, as Django does', async () => {
    expect(await numbers('?priority=low&priority=high')).toEqual([ids.login]);
  });

  it('keeps counting hours of response time from staff comments', async () => {
    f.clock.advance(HOUR);
    await f.call(f.carol, 'POST', `/tickets/${ids.crash}/add_comment/`, { content: 'any news?' });
    await f.call(f.alice, 'POST', `/tickets/${ids.crash}/add_comment/`, { content: 'internal', is_internal: true });
    f.clock.advance(HOUR);
    await f.call(f.alice, 'POST', `/tickets/${ids.crash}/add_comment/`, { content: 'On it' });
    const detail = await f.call(f.alice, 'GET', `/tickets/${ids.crash}/`);
    expect(detail.body.first_response_at).toBe('2025-01-15T14:00:00Z');
    expect(detail.body.response_time_hours).toBe(29);
  });
});
