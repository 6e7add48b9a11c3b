import { describe, expect, it } from 'vitest';
import { AdminClient } from './browser/admin-client.js';
import { ADMIN_BASE, createAdminFixture } from './browser/admin-fixture.js';
import { manualClock } from './fixture.js';

const MINUTE = 60_000;

async function signedIn() {
  const clock = manualClock('2026-03-10T10:00:00Z');
  const fixture = await createAdminFixture({ clock });
  const client = new AdminClient(fixture.app);
  await client.signIn();
  const actor = { id: fixture.staff.id, role: 'staff' as const };
  return { ...fixture, client, actor, clock };
}

const weekday = { mon: [['09:00', '17:00']] as [string, string][] };

describe('admin: business calendars', () => {
  it('creates a calendar through the form, shows the API’s messages beside the inputs, escaped, and edits it', async () => {
    const f = await signedIn();
    await f.client.page('calendars/new');
    const bad = await f.client.post('calendars/new', {
      name: '<b>Bold</b>',
      timezone: 'Mars/Olympus',
      'hours.mon': '25:00-17:00',
      'hours.tue': '10:00-09:00',
      'hours.wed': '09:00-12:00, 11:00-13:00',
      holidays: '2026-02-30',
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('&lt;b&gt;Bold&lt;/b&gt;');
    expect(html).not.toContain('<b>Bold</b>');
    expect(html).toContain('&quot;Mars/Olympus&quot; is not a valid time zone.');
    expect(html).toMatch(/id="f-hours-mon-error">&quot;25:00&quot; is not a valid time/u);
    expect(html).toMatch(/id="f-hours-tue-error">Interval 10:00–09:00 must end after it starts\./u);
    expect(html).toMatch(/id="f-hours-wed-error">Intervals 09:00–12:00 and 11:00–13:00 overlap\./u);
    expect(html).toContain('YYYY-MM-DD (got &quot;2026-02-30&quot;)');
    expect(await f.ticketing.sla.calendars.list(f.actor)).toEqual([]);

    const ok = await f.client.post('calendars/new', {
      name: 'Berlin office',
      timezone: 'Europe/Berlin',
      'hours.mon': '09:00-12:00, 13:00-17:00',
      'hours.fri': '09:00 - 24:00',
      holidays: '2026-12-25\n2026-01-01',
    });
    expect(ok.status).toBe(303);
    const [saved] = await f.ticketing.sla.calendars.list(f.actor);
    expect(saved).toMatchObject({ name: 'Berlin office', timezone: 'Europe/Berlin', holidays: ['2026-01-01', '2026-12-25'] });
    expect(saved!.hours.mon).toEqual([['09:00', '12:00'], ['13:00', '17:00']]);
    expect(saved!.hours.fri).toEqual([['09:00', '24:00']]);

    const list = (await f.client.page('calendars')).html;
    expect(list).toContain('Saved calendar “Berlin office”.');
    expect(list).toContain('Mon 09:00–12:00, 13:00–17:00 · Fri 09:00–24:00');
    const edit = (await f.client.page(`calendars/${saved!.id}`)).html;
    expect(edit).toContain('value="09:00-12:00, 13:00-17:00"');
    expect((await f.client.post(`calendars/${saved!.id}`, { name: 'HQ', timezone: 'UTC', 'hours.sat': '10:00-14:00' })).status).toBe(303);
    expect(await f.ticketing.sla.calendars.get(f.actor, saved!.id)).toMatchObject({ name: 'HQ', timezone: 'UTC', holidays: [] });
  });

  it('will not delete a calendar a policy uses, and says why; forms without the CSRF token are refused', async () => {
    const f = await signedIn();
    const cal = await f.ticketing.sla.calendars.create(f.actor, { name: 'Office', timezone: 'UTC', hours: weekday });
    await f.ticketing.sla.policies.create(f.actor, { name: 'Uses office', calendarId: cal.id });
    await f.client.page('calendars');
    expect((await f.client.post(`calendars/${cal.id}/delete`, {}, null)).status).toBe(403);
    const refused = await f.client.post(`calendars/${cal.id}/delete`, {});
    expect(refused.status).toBe(303);
    expect((await f.client.page('calendars')).html).toContain('“Office” was not deleted');
    expect(await f.ticketing.sla.calendars.list(f.actor)).toHaveLength(1);
  });
});

describe('admin: SLA policies', () => {
  it('creates a policy with targets from the form and nests target errors beside their inputs', async () => {
    const f = await signedIn();
    const cal = await f.ticketing.sla.calendars.create(f.actor, { name: 'Office', timezone: 'UTC', hours: weekday });
    const form = (await f.client.page('sla-policies/new')).html;
    expect(form).toContain(`<option value="${cal.id}">Office</option>`);
    const bad = await f.client.post('sla-policies/new', {
      name: 'Gold',
      calendar: String(cal.id),
      'targets.urgent.first_response_minutes': '-5',
      'targets.high.resolution_minutes': 'soon',
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/id="f-urgent-first_response_minutes-error">Ensure this value is greater than or equal to 0\./u);
    expect(html).toMatch(/id="f-high-resolution_minutes-error">[^<]+/u);
    expect(await f.ticketing.sla.policies.list(f.actor)).toEqual([]);

    const ok = await f.client.post('sla-policies/new', {
      name: 'Gold',
      calendar: String(cal.id),
      'match.priority': ['urgent', 'high'],
      'match.customer': String(f.customers[0]!.id),
      pause_statuses: ['pending'],
      'targets.urgent.first_response_minutes': '30',
      'targets.urgent.resolution_minutes': '240',
      'targets.high.resolution_minutes': '480',
    });
    expect(ok.status).toBe(303);
    const [policy] = await f.ticketing.sla.policies.list(f.actor);
    expect(policy).toMatchObject({
      name: 'Gold',
      calendarId: cal.id,
      match: { priority: ['urgent', 'high'], category: [], customer: [f.customers[0]!.id] },
      pauseStatuses: ['pending'],
      targets: { urgent: { firstResponseMinutes: 30, resolutionMinutes: 240 }, high: { firstResponseMinutes: null, resolutionMinutes: 480 } },
    });
    const list = (await f.client.page('sla-policies')).html;
    expect(list).toContain('Urgent: 30m / 4h · High: — / 8h');
    expect(list).toContain('>Office</td>');
    expect((await f.client.page(`sla-policies/${policy!.id}`)).html).toMatch(/name="targets\.urgent\.resolution_minutes" type="number" value="240"/u);
  });
});

describe('admin: SLA badges, breached filter and dashboard', () => {
  async function withTickets() {
    const f = await signedIn();
    await f.ticketing.sla.policies.create(f.actor, {
      name: 'Round the clock',
      targets: { urgent: { firstResponseMinutes: 30, resolutionMinutes: 240 }, high: { firstResponseMinutes: 135, resolutionMinutes: 600 } },
    });
    const customerId = f.customers[0]!.id;
    const late = await f.ticketing.tickets.create(f.actor, { subject: 'Late one', description: 'x', priority: 'urgent', customerId });
    f.clock.advance(60 * MINUTE);
    const running = await f.ticketing.tickets.create(f.actor, { subject: 'Running one', description: 'x', priority: 'high', customerId });
    const none = await f.ticketing.tickets.create(f.actor, { subject: 'No target', description: 'x', priority: 'low', customerId });
    const paused = await f.ticketing.tickets.create(f.actor, { subject: 'Waiting', description: 'x', priority: 'high', customerId });
    await f.ticketing.tickets.changeStatus(f.actor, paused.id, 'pending');
    return { ...f, late, running, none, paused };
  }

  it('shows the time left, the time since a breach and paused clocks, and filters breached tickets', async () => {
    const f = await withTickets();
    const html = (await f.client.page('tickets')).html;
    const rowOf = (number: string) => new RegExp(`${number}</a>[\\s\\S]*?</tr>`, 'u').exec(html)?.[0] ?? '';
    expect(rowOf(f.late.ticketNumber)).toContain('class="badge sla-breached"');
    expect(rowOf(f.late.ticketNumber)).toContain('>Breached 30m ago</span>');
    expect(rowOf(f.running.ticketNumber)).toContain('>2h 15m left</span>');
    expect(rowOf(f.paused.ticketNumber)).toContain('>SLA paused</span>');
    expect(rowOf(f.none.ticketNumber)).toMatch(/data-label="SLA"><span class="muted">—<\/span>/u);

    const breached = (await f.client.page('tickets?sla_breached=true')).html;
    expect(breached).toContain(f.late.ticketNumber);
    expect(breached).not.toContain(f.running.ticketNumber);
    expect(breached).toContain('name="sla_breached" type="checkbox" value="true" checked');
    const paused = (await f.client.page('tickets?sla_status=paused')).html;
    expect(paused).toContain(f.paused.ticketNumber);
    expect(paused).not.toContain(f.late.ticketNumber);
    const refused = await f.client.page('tickets?sla_status=bogus');
    expect(refused.res.status).toBe(400);
    expect(refused.html).toMatch(/id="f-sla_status-error">[^<]+/u);

    f.clock.advance(2 * 60 * MINUTE);
    const later = (await f.client.page(`tickets/${f.running.id}`)).html;
    expect(later).toContain('>15m left</span>');
    expect(later).toContain('Round the clock');
  });

  it('draws the dashboard: volume per day, backlog, attainment and percentiles', async () => {
    const f = await withTickets();
    const { res, html } = await f.client.page('dashboard');
    expect(res.status).toBe(200);
    expect(html.match(/<svg[^>]*role="img"/gu)).toHaveLength(4);
    expect(html).toContain('4 in the last 30 days (UTC).');
    expect(html).toContain('4 open.');
    expect(html).toContain('href="/admin/ticketing/tickets?sla_breached=true"');
    expect(html).toContain('class="chart-box"');
    expect(html).toContain(`href="${ADMIN_BASE}/dashboard"`);
  });
});
