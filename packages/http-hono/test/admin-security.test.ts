import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { generateSignedCookie } from 'hono/cookie';
import { createAdminRouter } from '../src/admin/index.js';
import { hashToken } from '../src/auth/index.js';
import { AdminClient } from './browser/admin-client.js';
import {
  ADMIN_BASE,
  CUSTOMER_PASSWORD,
  SESSION_SECRET,
  STAFF_TOKEN,
  createAdminFixture,
} from './browser/admin-fixture.js';

const XSS = '<script>alert(1)</script>';

describe('admin: sign-in and access', () => {
  it('redirects anonymous page requests to sign-in and refuses anonymous posts and JSON', async () => {
    const { app } = await createAdminFixture();
    const anon = new AdminClient(app);
    const list = await anon.request('tickets?status=open');
    expect(list.status).toBe(303);
    expect(list.headers.get('location')).toBe(`${ADMIN_BASE}/sign-in?next=${encodeURIComponent(`${ADMIN_BASE}/tickets?status=open`)}`);
    expect((await anon.post('tickets/new', { subject: 'x' }, null)).status).toBe(401);
    const json = await anon.request('autocomplete/customers?q=a');
    expect(json.status).toBe(401);
    expect(await json.json()).toEqual({ detail: 'Authentication required.' });
  });

  it('signs staff in by password and by token with a HttpOnly, SameSite=Lax, path-scoped cookie', async () => {
    const { app } = await createAdminFixture();
    const byPassword = new AdminClient(app);
    const res = await byPassword.signIn();
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${ADMIN_BASE}/tickets`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('tessera_admin='))!;
    expect(cookie).toMatch(/HttpOnly/u);
    expect(cookie).toMatch(/SameSite=Lax/u);
    expect(cookie).toMatch(new RegExp(`Path=${ADMIN_BASE}(;|$)`, 'u'));
    expect((await byPassword.page('tickets')).res.status).toBe(200);

    const byToken = new AdminClient(app);
    await byToken.page('sign-in');
    const viaToken = await byToken.post('sign-in', { token: STAFF_TOKEN, next: `${ADMIN_BASE}/tickets/new` });
    expect(viaToken.headers.get('location')).toBe(`${ADMIN_BASE}/tickets/new`);
    expect((await byToken.page('tickets/new')).html).toContain('Create ticket');
  });

  it('refuses wrong credentials, customers, and open redirects', async () => {
    const { app } = await createAdminFixture();
    const client = new AdminClient(app);
    await client.page('sign-in');
    const wrong = await client.post('sign-in', { email: 'sam@tessera.test', password: 'nope' });
    expect(wrong.status).toBe(401);
    const customer = await client.post('sign-in', { email: 'carl@acme.test', password: CUSTOMER_PASSWORD });
    expect(customer.status).toBe(403);
    expect(await customer.text()).toContain('customers cannot sign in here');
    expect((await client.request('tickets')).status).toBe(303);

    const evil = await client.post('sign-in', { token: STAFF_TOKEN, next: '//evil.test/' });
    expect(evil.headers.get('location')).toBe(`${ADMIN_BASE}/tickets`);
  });

  it('locks out a session whose user is (now) a customer', async () => {
    const fixture = await createAdminFixture();
    // A host whose signIn lets a customer through must still not open the admin to them.
    const app = new Hono();
    app.route(
      ADMIN_BASE,
      createAdminRouter({ ticketing: fixture.ticketing, signIn: async () => fixture.customerUser, sessionSecret: SESSION_SECRET }),
    );
    const client = new AdminClient(app);
    await client.page('sign-in');
    const res = await client.post('sign-in', { token: 'anything' });
    expect(res.status).toBe(403);
    expect(client.cookies.has('tessera_admin')).toBe(true); // only the pre-sign-in session
    expect((await client.request('tickets')).status).toBe(303);
  });

  it('rejects forged and tampered session cookies', async () => {
    const { app } = await createAdminFixture();
    const client = new AdminClient(app);
    await client.signIn();
    const value = decodeURIComponent(client.cookies.get('tessera_admin')!);
    const [payload, signature] = [value.slice(0, value.lastIndexOf('.')), value.slice(value.lastIndexOf('.') + 1)];
    const forged = JSON.stringify({ ...JSON.parse(payload), userId: 999 });
    client.cookies.set('tessera_admin', encodeURIComponent(`${forged}.${signature}`));
    expect((await client.request('tickets')).status).toBe(303);
  });
  it('honours the expiry inside the signed cookie, whatever the browser keeps', async () => {
    const { app, staff, directory } = await createAdminFixture();
    // The server-side record outlives the cookie's own expiry here: the cookie's is still checked.
    await directory.addSession({
      idHash: await hashToken('s'.repeat(22)),
      userId: staff.id,
      tokenHash: null,
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    const cookieFor = async (exp: number) => {
      const line = await generateSignedCookie('tessera_admin', JSON.stringify({ sid: 's'.repeat(22), userId: staff.id, exp }), SESSION_SECRET);
      return line.split(';')[0]!;
    };
    const now = Math.floor(Date.now() / 1000);
    const live = await app.request(`${ADMIN_BASE}/tickets`, { headers: { Cookie: await cookieFor(now + 60) } });
    expect(live.status).toBe(200);
    const expired = await app.request(`${ADMIN_BASE}/tickets`, { headers: { Cookie: await cookieFor(now - 1) } });
    expect(expired.status).toBe(303);
  });

  it('answers the trailing-slash URLs by redirecting to the canonical page', async () => {
    const { app } = await createAdminFixture();
    const client = new AdminClient(app);
    await client.signIn();
    const root = await client.request(`${ADMIN_BASE}/`);
    expect([root.status, root.headers.get('location')]).toEqual([301, `${ADMIN_BASE}/tickets`]);
    const list = await client.request(`${ADMIN_BASE}/tickets/?status=open`);
    expect([list.status, list.headers.get('location')]).toEqual([301, `${ADMIN_BASE}/tickets?status=open`]);
    const unknownEmail = new AdminClient(app);
    await unknownEmail.page('sign-in');
    expect((await unknownEmail.post('sign-in', { email: 'nobody@x.test', password: 'pw' })).status).toBe(401);
  });
});

describe('admin: CSRF', () => {
  it('refuses posts without or with a wrong token, and changes nothing', async () => {
    const { app, ticketing, staff, customers } = await createAdminFixture();
    const client = new AdminClient(app);
    await client.signIn();
    const actor = { id: staff.id, role: 'staff' as const };
    const ticket = await ticketing.tickets.create(actor, { subject: 'Keep me', description: 'd', customerId: customers[0]!.id });
    await client.page(`tickets/${ticket.id}`);

    const none = await client.post(`tickets/${ticket.id}`, { subject: 'Hijacked' }, null);
    expect(none.status).toBe(403);
    expect(await none.text()).toContain('CSRF');
    const wrong = await client.post(`tickets/${ticket.id}/comments`, { content: 'spam' }, 'A'.repeat(43));
    expect(wrong.status).toBe(403);
    const form = new FormData();
    form.set('file', new File(['x'], 'x.txt'));
    expect((await client.postMultipart(`tickets/${ticket.id}/attachments`, form, null)).status).toBe(403);
    expect((await client.post('tickets/bulk', { ids: String(ticket.id), action: 'close' }, null)).status).toBe(403);

    const after = await ticketing.tickets.get(actor, ticket.id);
    expect(after.subject).toBe('Keep me');
    expect(after.status).toBe('new');
    expect(after.comments).toHaveLength(0);
    expect(after.attachments).toHaveLength(0);
  });

  it('binds tokens to the session: another session’s token is refused, even at sign-in', async () => {
    const { app } = await createAdminFixture();
    const a = new AdminClient(app);
    const b = new AdminClient(app);
    await a.page('sign-in');
    await b.page('sign-in');
    expect(a.lastCsrf).not.toBe(b.lastCsrf);
    expect((await a.post('sign-in', { token: STAFF_TOKEN }, b.lastCsrf)).status).toBe(403);
    expect((await a.post('sign-in', { token: STAFF_TOKEN })).status).toBe(303);
    // Signing in starts a new session: the pre-sign-in token no longer works.
    const stale = a.lastCsrf;
    expect((await a.post('tickets/new', { subject: 's' }, stale)).status).toBe(403);
  });

  it('signs out only through a CSRF-checked post', async () => {
    const { app } = await createAdminFixture();
    const client = new AdminClient(app);
    await client.signIn();
    await client.page('tickets');
    expect((await client.post('sign-out', {}, null)).status).toBe(403);
    expect((await client.page('tickets')).res.status).toBe(200);
    expect((await client.post('sign-out', {})).status).toBe(303);
    expect((await client.request('tickets')).status).toBe(303);
  });
});

describe('admin: escaping', () => {
  it('renders hostile text as text on the list, ticket page, comments, attachments and people', async () => {
    const fixture = await createAdminFixture();
    const { app, ticketing, staff } = fixture;
    const dir = (ticketing.directory as NonNullable<typeof ticketing.directory> & {
      addCustomer(c: { name: string; email: string }): Promise<{ id: number }>;
    });
    const evilCustomer = await dir.addCustomer({ name: `Evil ${XSS}`, email: 'evil"@x.test' });
    const actor = { id: staff.id, role: 'staff' as const };
    const ticket = await ticketing.tickets.create(actor, {
      subject: XSS,
      description: `"><img src=x onerror=alert(2)>`,
      customerId: evilCustomer.id,
      tags: `<b>tag</b>`,
    });
    await ticketing.comments.add(actor, ticket.id, { content: `</textarea>${XSS}`, isInternal: true });
    await ticketing.attachments.add(actor, ticket.id, {
      filename: `<svg onload=alert(3)>.txt`,
      description: XSS,
      body: new TextEncoder().encode('hi'),
    });

    const client = new AdminClient(app);
    await client.signIn();
    for (const path of ['tickets', `tickets/${ticket.id}`, `tickets?search=${encodeURIComponent(XSS)}`]) {
      const { res, html } = await client.page(path);
      expect(res.status).toBe(200);
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('<svg');
      expect(html).not.toContain('<b>tag');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    const page = (await client.page(`tickets/${ticket.id}`)).html;
    expect(page).toContain('&lt;/textarea&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(page).toContain('Evil &lt;script&gt;');
    const res = await client.request(`tickets/${ticket.id}`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});
