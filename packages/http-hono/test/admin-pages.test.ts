import { describe, expect, it } from 'vitest';
import { AdminClient } from './browser/admin-client.js';
import { ADMIN_BASE, createAdminFixture, type AdminFixture } from './browser/admin-fixture.js';

async function signedIn(options: { customerCount?: number } = {}) {
  const fixture = await createAdminFixture(options);
  const client = new AdminClient(fixture.app);
  await client.signIn();
  const actor = { id: fixture.staff.id, role: 'staff' as const };
  return { ...fixture, client, actor };
}

async function seed(f: AdminFixture & { actor: { id: number; role: 'staff' } }) {
  const { ticketing, actor, customers, otherStaff } = f;
  const a = await ticketing.tickets.create(actor, {
    subject: 'Login fails on Safari',
    description: 'Cannot log in',
    priority: 'high',
    category: 'technical',
    customerId: customers[0]!.id,
    assignedToId: actor.id,
    dueDate: '2000-01-01T00:00:00Z',
  });
  const b = await ticketing.tickets.create(actor, {
    subject: 'Invoice is wrong',
    description: 'Billing issue',
    priority: 'low',
    category: 'billing',
    customerId: customers[1]!.id,
    assignedToId: otherStaff.id,
  });
  const c = await ticketing.tickets.create(actor, {
    subject: 'Feature: dark mode',
    description: 'Please',
    priority: 'critical',
    category: 'feature_request',
    customerId: customers[0]!.id,
  });
  return { a, b, c };
}

/** Ticket numbers in the list body, in row order. */
function rowNumbers(html: string): string[] {
  return [...html.matchAll(/<tr class="[^"]*">\s*<td class="select">[\s\S]*?>(TKT-\d+)<\/a>/gu)].map((m) => m[1]!);
}

describe('admin: ticket list', () => {
  it('shows badges, highlights overdue rows, and filters with the seed’s list filters', async () => {
    const f = await signedIn();
    const { a, b, c } = await seed(f);
    const all = (await f.client.page('tickets')).html;
    expect(rowNumbers(all)).toEqual([c.ticketNumber, b.ticketNumber, a.ticketNumber]);
    expect(all).toContain('class="badge priority-critical">Critical</span>');
    expect(all).toContain('class="badge status-new">New</span>');
    expect(all).toMatch(new RegExp(`<tr class="overdue">[\\s\\S]*?${a.ticketNumber}`, 'u'));

    const cases: Array<[string, string[]]> = [
      ['priority=high', [a.ticketNumber]],
      ['category=billing', [b.ticketNumber]],
      [`customer=${f.customers[0]!.id}`, [c.ticketNumber, a.ticketNumber]],
      [`customer=${encodeURIComponent(`${f.customers[1]!.id} — Globex <help@globex.test>`)}`, [b.ticketNumber]],
      [`assigned_to=${f.otherStaff.id}`, [b.ticketNumber]],
      ['my_tickets=true', [a.ticketNumber]],
      ['unassigned=true', [c.ticketNumber]],
      ['overdue=true', [a.ticketNumber]],
      ['search=safari', [a.ticketNumber]],
      ['status=new&priority=low', [b.ticketNumber]],
      ['created_after=2999-01-01', []],
      ['created_before=2999-01-01&ordering=priority', [b.ticketNumber, a.ticketNumber, c.ticketNumber]],
      ['ordering=-ticket_number', [c.ticketNumber, b.ticketNumber, a.ticketNumber]],
      ['ordering=-updated_at', [c.ticketNumber, b.ticketNumber, a.ticketNumber]],
    ];
    for (const [query, expected] of cases) {
      const { res, html } = await f.client.page(`tickets?${query}`);
      expect(res.status, query).toBe(200);
      expect(rowNumbers(html), query).toEqual(expected);
    }
    // Status chips count under the other filters (here: priority) through core statistics.
    expect(all).toContain('>All <span class="count">3</span>');
    const high = (await f.client.page('tickets?priority=high&status=open')).html;
    expect(high).toContain('>All <span class="count">1</span>');
    expect(high).toContain('>New <span class="count">1</span>');
    expect(high).toMatch(/class="chip current" href="[^"]*status=open[^"]*" aria-current="page">Open <span class="count">0<\/span>/u);
    expect(high).toContain('Overdue: 1 · Unassigned: 0 · Assigned to me: 1');
    const picked = (await f.client.page(`tickets?customer=${f.customers[1]!.id}`)).html;
    expect(picked).toContain(`value="${f.customers[1]!.id} — Globex &lt;help@globex.test&gt;"`);
  });

  it('reports bad filter values beside the filter instead of failing', async () => {
    const f = await signedIn();
    for (const [query, field] of [
      ['status=bogus', 'id="f-status-error"'],
      ['created_after=yesterday', 'id="f-created_after-error"'],
      ['customer=Acme', 'id="f-customer-error"'],
      ['ordering=subject', 'id="f-ordering-error">Invalid ordering field &quot;subject&quot;'],
      ['overdue=maybe', 'overdue: Must be true or false.'],
    ] as const) {
      const { res, html } = await f.client.page(`tickets?${query}`);
      expect(res.status, query).toBe(400);
      expect(html, query).toContain(field);
      expect(html, query).toContain('role="alert"');
    }
  });

  it('paginates and sorts through links that keep the filters', async () => {
    const f = await signedIn();
    for (let i = 0; i < 30; i += 1) {
      await f.ticketing.tickets.create(f.actor, { subject: `Bulk ${i}`, description: 'x', customerId: f.customers[0]!.id });
    }
    const first = (await f.client.page('tickets?search=bulk&page_size=25')).html;
    expect(rowNumbers(first)).toHaveLength(25);
    expect(first).toContain('Page 1 of 2 · 30 tickets');
    const next = /rel="next" href="([^"]+)"/u.exec(first)![1]!.replaceAll('&amp;', '&');
    expect(next).toBe(`${ADMIN_BASE}/tickets?search=bulk&page_size=25&page=2`);
    const second = (await f.client.page(next)).html;
    expect(rowNumbers(second)).toHaveLength(5);
    const sortLink = /aria-sort="none"><a href="([^"]+ordering=ticket_number[^"]*)"/u.exec(first)![1]!.replaceAll('&amp;', '&');
    const sorted = (await f.client.page(sortLink)).html;
    expect(rowNumbers(sorted)[0]).toBe('TKT-000001');
    expect(sorted).toContain('aria-sort="ascending"');
    expect((await f.client.page('tickets?search=bulk&page=9')).html).toContain('Page 9 does not exist.');
  });
});

describe('admin: ticket page', () => {
  it('offers only the lifecycle’s statuses and records each edit in the audit trail', async () => {
    const f = await signedIn();
    const { a } = await seed(f);
    await f.ticketing.tickets.changeStatus(f.actor, a.id, 'resolved');
    const page = (await f.client.page(`tickets/${a.id}`)).html;
    const select = /<select id="f-status"[\s\S]*?<\/select>/u.exec(page)![0];
    expect([...select.matchAll(/value="([a-z_]+)"/gu)].map((m) => m[1])).toEqual(['resolved', 'closed', 'reopened']);

    const version = /name="version" value="(\d+)"/u.exec(page)![1]!;
    const form = {
      version,
      subject: 'Login fails on Safari 17',
      description: 'Cannot log in',
      status: 'reopened',
      priority: 'urgent',
      category: 'technical',
      customer: `${f.customers[0]!.id} — Acme Corporation <support@acme.test>`,
      assigned_to: '',
      due_date: '2000-01-01T00:00',
      estimated_hours: '2.5',
      actual_hours: '',
      tags: 'safari, Login',
    };
    const saved = await f.client.post(`tickets/${a.id}`, form);
    expect(saved.status).toBe(303);
    const after = await f.ticketing.tickets.get(f.actor, a.id);
    expect(after).toMatchObject({ subject: 'Login fails on Safari 17', status: 'reopened', priority: 'urgent', assignedToId: null, estimatedHours: 2.5, tags: ['safari', 'login'] });
    const changed = after.history.slice(2).map((h) => `${h.action}:${h.fieldName}`);
    expect(changed.sort()).toEqual(
      ['updated:subject', 'status_changed:status', 'priority_changed:priority', 'unassigned:assigned_to', 'updated:estimated_hours', 'updated:tags'].sort(),
    );
    const shown = (await f.client.page(`tickets/${a.id}`)).html;
    expect(shown).toContain('Saved ' + a.ticketNumber);
    expect(shown).toContain('Status changed');
    expect(shown).toContain('Sam Staff (#');

    // Re-submitting the same (now stale) form is refused as a conflict, not applied twice.
    const stale = await f.client.post(`tickets/${a.id}`, { ...form, subject: 'Other' });
    expect(stale.status).toBe(303);
    expect((await f.client.page(`tickets/${a.id}`)).html).toContain('Someone else changed this ticket');
    expect((await f.ticketing.tickets.get(f.actor, a.id)).subject).toBe('Login fails on Safari 17');
  });

  it('refuses a transition the lifecycle forbids with a message on the status field', async () => {
    const f = await signedIn();
    const { b } = await seed(f);
    await f.ticketing.tickets.changeStatus(f.actor, b.id, 'closed');
    await f.client.page(`tickets/${b.id}`);
    const res = await f.client.post(`tickets/${b.id}`, { status: 'open' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="f-status-error">Cannot change status from &quot;closed&quot; to &quot;open&quot;/u);
    expect((await f.ticketing.tickets.get(f.actor, b.id)).status).toBe('closed');
  });

  it('adds public and internal comments, uploads, downloads and removes attachments', async () => {
    const f = await signedIn();
    const { a } = await seed(f);
    await f.client.page(`tickets/${a.id}`);
    expect((await f.client.post(`tickets/${a.id}/comments`, { content: 'Looking into it', is_internal: 'true' })).status).toBe(303);
    expect((await f.client.post(`tickets/${a.id}/comments`, { content: '' })).status).toBe(400);
    const bytes = new Uint8Array(1234567).fill(7);
    const form = new FormData();
    form.set('file', new File([bytes], '../../etc/report.bin', { type: 'application/octet-stream' }));
    form.set('description', 'Big log');
    expect((await f.client.postMultipart(`tickets/${a.id}/attachments`, form)).status).toBe(303);

    const detail = await f.ticketing.tickets.get(f.actor, a.id);
    expect(detail.comments).toMatchObject([{ content: 'Looking into it', isInternal: true }]);
    expect(detail.attachments).toMatchObject([{ filename: 'report.bin', fileSize: 1234567 }]);
    const page = (await f.client.page(`tickets/${a.id}`)).html;
    expect(page).toContain('1.2 MB');
    expect(page).toContain('badge internal-flag');
    expect(page).toContain('Attachment added');

    const download = await f.client.request(`attachments/${detail.attachments[0]!.id}/download`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="report.bin"; filename*=UTF-8''report.bin`);
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);

    const empty = new FormData();
    empty.set('file', new File([], ''));
    expect((await f.client.postMultipart(`tickets/${a.id}/attachments`, empty)).status).toBe(400);
    expect((await f.client.post(`attachments/${detail.attachments[0]!.id}/remove`, {})).status).toBe(303);
    const gone = await f.ticketing.tickets.get(f.actor, a.id);
    expect(gone.attachments).toHaveLength(0);
    expect(gone.history.at(-1)!.action).toBe('attachment_removed');
    expect((await f.client.request(`attachments/${detail.attachments[0]!.id}/download`)).status).toBe(404);
    expect((await f.client.request('tickets/99999')).status).toBe(404);
    expect((await f.client.request('tickets/abc')).status).toBe(404);
  });

  it('deletes a ticket after a CSRF-checked post', async () => {
    const f = await signedIn();
    const { c } = await seed(f);
    await f.client.page(`tickets/${c.id}`);
    const res = await f.client.post(`tickets/${c.id}/delete`, {});
    expect([res.status, res.headers.get('location')]).toEqual([303, `${ADMIN_BASE}/tickets`]);
    expect((await f.client.page('tickets')).html).toContain(`Deleted ${c.ticketNumber}.`);
    expect((await f.client.request(`tickets/${c.id}`)).status).toBe(404);
  });

  it('creates tickets from the form and explains what is missing', async () => {
    const f = await signedIn();
    await f.client.page('tickets/new');
    const bad = await f.client.post('tickets/new', { subject: '', description: 'x', customer: 'nobody', priority: 'medium', category: 'general' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="f-customer-error"');
    expect(badHtml).toContain('id="f-subject-error"'); // core's rule, reported in the same round trip
    const unknown = await f.client.post('tickets/new', { subject: 'S', description: 'x', customer: '99999', priority: 'medium', category: 'general' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('id="f-customer-error"');
    const ok = await f.client.post('tickets/new', {
      subject: 'Printer on fire',
      description: 'Really',
      priority: 'critical',
      category: 'technical',
      customer: `${f.customers[1]!.id} — Globex <help@globex.test>`,
      assigned_to: `${f.otherStaff.id} — Olivia Agent <olivia@tessera.test>`,
      due_date: '2030-05-01T12:30',
      estimated_hours: '',
      tags: 'hardware',
    });
    expect(ok.status).toBe(303);
    const id = Number(/\/tickets\/(\d+)$/u.exec(ok.headers.get('location')!)![1]);
    const created = await f.ticketing.tickets.get(f.actor, id);
    expect(created).toMatchObject({ subject: 'Printer on fire', status: 'new', priority: 'critical', customerId: f.customers[1]!.id, assignedToId: f.otherStaff.id, estimatedHours: null, tags: ['hardware'] });
    expect(created.dueDate!.toISOString()).toBe('2030-05-01T12:30:00.000Z');
  });
});

describe('admin: bulk actions and autocomplete', () => {
  it('runs one core change per ticket and reports which ones the lifecycle refused', async () => {
    const f = await signedIn();
    const { a, b, c } = await seed(f);
    await f.ticketing.tickets.changeStatus(f.actor, b.id, 'closed');
    await f.client.page('tickets');
    const res = await f.client.post('tickets/bulk', { ids: [String(a.id), String(b.id), String(c.id)], action: 'change_status', status: 'in_progress', return_to: '?priority=high' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('2 of 3 tickets done; 1 refused.');
    expect(html).toMatch(new RegExp(`result-refused">[\\s\\S]*?${b.ticketNumber}[\\s\\S]*?Refused by the lifecycle`, 'u'));
    expect(html).toContain(`href="${ADMIN_BASE}/tickets?priority=high"`);
    expect((await f.ticketing.tickets.get(f.actor, a.id)).status).toBe('in_progress');
    expect((await f.ticketing.tickets.get(f.actor, b.id)).status).toBe('closed');

    const assign = await f.client.post('tickets/bulk', { ids: [String(b.id), String(c.id)], action: 'assign', assignee: `${f.otherStaff.id} — Olivia` });
    const assignHtml = await assign.text();
    expect(assignHtml).toContain('Bulk action: assign to Olivia Agent');
    expect(assignHtml).toContain('2 of 2 tickets done; 0 refused.');
    expect((await f.ticketing.tickets.get(f.actor, c.id)).assignedToId).toBe(f.otherStaff.id);
    const close = await f.client.post('tickets/bulk', { ids: [String(a.id), String(c.id)], action: 'close' });
    expect(await close.text()).toContain('2 of 2 tickets done');
    expect((await f.ticketing.tickets.get(f.actor, c.id)).status).toBe('closed');
    const none = await f.client.post('tickets/bulk', { action: 'close' });
    expect(none.status).toBe(303);
  });

  it('suggests customers from a directory of 10,000 and staff users only for assignment', async () => {
    const f = await signedIn({ customerCount: 10_000 });
    const res = await f.client.request('autocomplete/customers?q=customer%2009999');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: Array<{ id: number; label: string }> };
    expect(body.results).toHaveLength(1);
    expect(body.results[0]!.label).toBe(`${body.results[0]!.id} — Customer 09999 <c9999@bulk.test>`);
    const many = (await (await f.client.request('autocomplete/customers?q=bulk.test')).json()) as { results: unknown[] };
    expect(many.results).toHaveLength(20);
    const users = (await (await f.client.request('autocomplete/users?q=')).json()) as { results: Array<{ name: string }> };
    expect(users.results.map((u) => u.name)).toEqual(['Olivia Agent', 'Sam Staff']);
  });
});
