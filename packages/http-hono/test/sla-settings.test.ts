import { describe, expect, it } from 'vitest';
import { STORE_KINDS, useFixture } from './fixture.js';

const OFFICE = {
  name: 'Berlin office',
  timezone: 'Europe/Berlin',
  hours: { mon: [['09:00', '12:00'], ['13:00', '17:00']], fri: [['09:00', '24:00']] },
  holidays: ['2025-12-25', '2025-01-01'],
};

describe.each(STORE_KINDS)('/calendars/ and /sla-policies/ (%s store)', (kind) => {
  const f = useFixture(kind);

  it('creates, lists, retrieves, replaces, patches and deletes a calendar in wire shape', async () => {
    const created = await f.call(f.alice, 'POST', '/calendars/', { ...OFFICE, color: 'ignored' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      name: 'Berlin office',
      timezone: 'Europe/Berlin',
      hours: { mon: [['09:00', '12:00'], ['13:00', '17:00']], tue: [], wed: [], thu: [], fri: [['09:00', '24:00']], sat: [], sun: [] },
      holidays: ['2025-01-01', '2025-12-25'],
    });
    const id = created.body.id as number;
    const list = await f.call(f.alice, 'GET', '/calendars/');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ count: 1, next: null, previous: null, results: [created.body] });
    expect((await f.call(f.alice, 'GET', `/calendars/${id}`)).body).toEqual(created.body);

    const patched = await f.call(f.alice, 'PATCH', `/calendars/${id}/`, { name: 'Berlin HQ' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Berlin HQ', timezone: 'Europe/Berlin', holidays: ['2025-01-01', '2025-12-25'] });

    const replaced = await f.call(f.alice, 'PUT', `/calendars/${id}/`, { name: 'NYC', timezone: 'America/New_York', hours: { sat: [['10:00', '14:00']] } });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ name: 'NYC', timezone: 'America/New_York', holidays: [], hours: { mon: [], sat: [['10:00', '14:00']] } });
    // PUT requires the required fields.
    const partialPut = await f.call(f.alice, 'PUT', `/calendars/${id}/`, { name: 'x' });
    expect(partialPut.status).toBe(400);
    expect(Object.keys(partialPut.body).sort()).toEqual(['hours', 'timezone']);

    expect((await f.call(f.alice, 'DELETE', `/calendars/${id}/`)).status).toBe(204);
    expect((await f.call(f.alice, 'GET', `/calendars/${id}/`)).status).toBe(404);
    expect((await f.call(f.alice, 'PATCH', '/calendars/999/', { timezone: 'nowhere' })).status).toBe(404);
  });

  it('reports every bad calendar field under its key, nested per day, and writes nothing', async () => {
    const res = await f.call(f.alice, 'POST', '/calendars/', {
      name: ' ',
      timezone: 'Mars/Olympus',
      hours: { mon: [['25:00', '17:00']], tue: [['10:00', '09:00']], wed: [['09:00', '12:00'], ['11:00', '13:00']], funday: [] },
      holidays: ['2026-02-30'],
      unknown_key: true,
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      name: ['This field may not be blank.'],
      timezone: ['"Mars/Olympus" is not a valid time zone.'],
      hours: {
        mon: ['"25:00" is not a valid time. Enter a time as "HH:MM" between "00:00" and "24:00".'],
        tue: ['Interval 10:00–09:00 must end after it starts.'],
        wed: ['Intervals 09:00–12:00 and 11:00–13:00 overlap.'],
        funday: ['"funday" is not a day of the week; use mon, tue, wed, thu, fri, sat, sun.'],
      },
      holidays: ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD (got "2026-02-30").'],
    });
    expect((await f.call(f.alice, 'GET', '/calendars/')).body.count).toBe(0);
  });

  it('creates policies with snake_case targets, orders them by position, and nests target errors', async () => {
    const cal = (await f.call(f.alice, 'POST', '/calendars/', OFFICE)).body;
    const first = await f.call(f.alice, 'POST', '/sla-policies/', {
      name: 'Standard',
      calendar: cal.id,
      targets: { high: { first_response_minutes: 60, resolution_minutes: 480 }, low: { resolution_minutes: 2400 } },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      name: 'Standard',
      match: { priority: [], category: [], customer: [] },
      calendar: cal.id,
      pause_statuses: ['pending'],
      targets: { high: { first_response_minutes: 60, resolution_minutes: 480 }, low: { first_response_minutes: null, resolution_minutes: 2400 } },
    });
    const urgent = await f.call(f.alice, 'POST', '/sla-policies/', {
      name: 'Urgent',
      position: first.body.position - 1,
      match: { priority: ['urgent'], customer: [f.acme.id] },
      calendar: null,
      pause_statuses: [],
      targets: { urgent: { first_response_minutes: 15 } },
    });
    expect(urgent.status).toBe(201);
    // A policy without a position goes last.
    const last = await f.call(f.alice, 'POST', '/sla-policies/', { name: 'Catch-all' });
    expect(last.body.position).toBeGreaterThan(first.body.position);
    const names = (await f.call(f.alice, 'GET', '/sla-policies/')).body.results.map((p: { name: string }) => p.name);
    expect(names).toEqual(['Urgent', 'Standard', 'Catch-all']);

    const bad = await f.call(f.alice, 'POST', '/sla-policies/', {
      name: 'Bad',
      calendar: 999_999,
      pause_statuses: ['sleeping'],
      match: { priority: ['huge'] },
      targets: { mega: { first_response_minutes: 5 }, urgent: { first_response_minutes: -5, resolution_minutes: 'soon' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      pause_statuses: ['"sleeping" is not a valid choice.'],
      match: { priority: ['"huge" is not a valid choice.'] },
      targets: {
        mega: ['"mega" is not a valid choice.'],
        urgent: { first_response_minutes: ['Ensure this value is greater than or equal to 0.'], resolution_minutes: [expect.any(String)] },
      },
    });
    const unknownCalendar = await f.call(f.alice, 'POST', '/sla-policies/', { name: 'No such calendar', calendar: 999_999 });
    expect(unknownCalendar.status).toBe(400);
    expect(Object.keys(unknownCalendar.body)).toEqual(['calendar']);

    const patched = await f.call(f.alice, 'PATCH', `/sla-policies/${first.body.id}/`, { targets: { medium: { first_response_minutes: 120 } } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Standard', calendar: cal.id, targets: { medium: { first_response_minutes: 120, resolution_minutes: null } } });
    expect(Object.keys(patched.body.targets)).toEqual(['medium']);
  });

  it('refuses to delete a calendar a policy uses (409) until the policy is gone', async () => {
    const cal = (await f.call(f.alice, 'POST', '/calendars/', OFFICE)).body;
    const policy = (await f.call(f.alice, 'POST', '/sla-policies/', { name: 'Office', calendar: cal.id })).body;
    const refused = await f.call(f.alice, 'DELETE', `/calendars/${cal.id}/`);
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({ detail: expect.any(String) });
    expect((await f.call(f.alice, 'DELETE', `/sla-policies/${policy.id}/`)).status).toBe(204);
    expect((await f.call(f.alice, 'DELETE', `/calendars/${cal.id}/`)).status).toBe(204);
  });

  it('is staff only: customers get 403, anonymous callers 401', async () => {
    const cal = (await f.call(f.alice, 'POST', '/calendars/', OFFICE)).body;
    for (const [method, path, body] of [
      ['GET', '/calendars/'],
      ['POST', '/calendars/', OFFICE],
      ['GET', `/calendars/${cal.id}/`],
      ['PATCH', `/calendars/${cal.id}/`, { name: 'Mine' }],
      ['DELETE', `/calendars/${cal.id}/`],
      ['GET', '/sla-policies/'],
      ['POST', '/sla-policies/', { name: 'Mine' }],
    ] as const) {
      const res = await f.call(f.carol, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body).toEqual({ detail: expect.any(String) });
    }
    expect((await f.call(null, 'GET', '/calendars/')).status).toBe(401);
    expect((await f.call(f.alice, 'GET', `/calendars/${cal.id}/`)).body.name).toBe('Berlin office');
  });

  it('paginates the lists as DRF does', async () => {
    for (let i = 0; i < 3; i++) await f.call(f.alice, 'POST', '/calendars/', { ...OFFICE, name: `Cal ${i}` });
    const page = await f.call(f.alice, 'GET', '/calendars/?page_size=2&page=2');
    expect(page.body).toMatchObject({ count: 3, next: null, results: [{ name: 'Cal 2' }] });
    expect(page.body.previous).toMatch(/\/calendars\/\?page_size=2$/u);
    expect((await f.call(f.alice, 'GET', '/calendars/?page=3&page_size=2')).status).toBe(404);
  });

  it('documents both resources in the OpenAPI document', async () => {
    const doc = (await f.call(null, 'GET', '/openapi.json')).body;
    for (const path of ['/calendars/', '/calendars/{id}/', '/sla-policies/', '/sla-policies/{id}/']) expect(doc.paths[path], path).toBeDefined();
    expect(Object.keys(doc.paths['/sla-policies/{id}/']).sort()).toEqual(['delete', 'get', 'patch', 'put']);
    expect(doc.paths['/calendars/'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CalendarInput' });
    const policy = doc.components.schemas.SlaPolicy;
    expect(Object.keys(policy.properties)).toEqual(['id', 'name', 'position', 'match', 'calendar', 'pause_statuses', 'targets']);
    expect(doc.components.schemas.SlaPolicyInput.properties.targets).toBeDefined();
  });
});
