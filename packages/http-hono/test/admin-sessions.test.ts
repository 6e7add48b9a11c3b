import { createMemoryStore, createTicketing, type UserRecord } from '@tessera/core';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createAdminRouter, createMemorySessionStore } from '../src/admin/index.js';
import { hashToken } from '../src/auth/index.js';
import { AdminClient } from './browser/admin-client.js';
import { ADMIN_BASE, SESSION_SECRET, STAFF_TOKEN, createAdminFixture } from './browser/admin-fixture.js';

/** A second browser holding a copy of `client`'s cookies (a stolen or copied cookie). */
function copyOf(app: Hono, client: AdminClient): AdminClient {
  const copy = new AdminClient(app);
  for (const [k, v] of client.cookies) copy.cookies.set(k, v);
  return copy;
}

describe('admin: server-side sessions', () => {
  it('refuses a copied cookie once its session signs out', async () => {
    const { app } = await createAdminFixture();
    const client = new AdminClient(app);
    await client.signIn();
    const { html } = await client.page('tickets');
    expect(html).toContain('Sam Staff');
    const copy = copyOf(app, client);
    expect((await copy.request('tickets')).status).toBe(200);

    const out = await client.post('sign-out', {});
    expect([out.status, out.headers.get('location')]).toEqual([303, `${ADMIN_BASE}/sign-in`]);
    const afterwards = await copy.request('tickets');
    expect(afterwards.status).toBe(303);
    expect(afterwards.headers.get('location')).toMatch(/\/sign-in\?next=/u);
    expect((await copy.post('tickets/new', { subject: 'x' })).status).toBe(401);
  });

  it('keeps a signed-in session only while its record exists, and records no pre-sign-in sessions', async () => {
    const { app, directory, staff } = await createAdminFixture();
    const client = new AdminClient(app);
    await client.page('sign-in');
    await client.signIn();
    // Deleting the record (what sign-out does on another process) ends the session here at once.
    const sid = (JSON.parse(decodeURIComponent(client.cookies.get('tessera_admin')!).replace(/\.[^.]*$/u, '')) as { sid: string }).sid;
    const record = await directory.findSession(await hashToken(sid));
    expect(record).toMatchObject({ userId: staff.id, tokenHash: null });
    expect(record!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 7 * 3600_000);
    await directory.deleteSession(await hashToken(sid));
    expect((await client.request('tickets')).status).toBe(303);
  });

  it('ends sessions signed in with a token when that token is revoked; password sessions stay until the user is revoked', async () => {
    const { app, directory, staff } = await createAdminFixture();
    const viaToken = new AdminClient(app);
    await viaToken.page('sign-in');
    expect((await viaToken.post('sign-in', { token: STAFF_TOKEN })).status).toBe(303);
    const viaPassword = new AdminClient(app);
    await viaPassword.signIn();
    expect((await viaToken.request('tickets')).status).toBe(200);

    const [token] = await directory.listTokens({ userId: staff.id });
    expect(await directory.revokeTokens({ id: token!.id })).toBe(1);
    expect((await viaToken.request('tickets')).status).toBe(303);
    expect((await viaPassword.request('tickets')).status).toBe(200);

    await directory.revokeTokens({ userId: staff.id });
    expect((await viaPassword.request('tickets')).status).toBe(303);
  });

  it('keeps sessions in memory for a host that brings its own sign-in and no session-storing directory', async () => {
    const store = createMemoryStore();
    const staff: UserRecord = { id: 7, name: 'Host Staff', email: 'h@host.test', role: 'staff', customerId: null };
    // The host's own directory: resolves users, stores no sessions.
    const ticketing = createTicketing({
      store,
      directory: {
        getUsers: async (ids) => (ids.includes(7) ? [staff] : []),
        getCustomers: async () => [],
        searchUsers: async () => [],
        searchCustomers: async () => [],
      },
    });
    const app = new Hono().route(
      ADMIN_BASE,
      createAdminRouter({
        ticketing,
        sessionSecret: SESSION_SECRET,
        signIn: async ({ email, password }) => (email === 'h@host.test' && password === 'right-password' ? staff : null),
      }),
    );
    const client = new AdminClient(app);
    expect((await client.signIn('h@host.test', 'right-password')).status).toBe(303);
    expect((await client.request('tickets')).status).toBe(200);
    const copy = copyOf(app, client);
    await client.page('tickets');
    await client.post('sign-out', {});
    expect((await copy.request('tickets')).status).toBe(303);
  });

  it('uses the session store the host passes', async () => {
    const { ticketing } = await createAdminFixture();
    const sessions = createMemorySessionStore();
    let added = 0;
    const counting = { ...sessions, addSession: async (s: Parameters<typeof sessions.addSession>[0]) => { added += 1; await sessions.addSession(s); } };
    const app = new Hono().route(
      ADMIN_BASE,
      createAdminRouter({
        ticketing,
        sessionSecret: SESSION_SECRET,
        sessionStore: counting,
        signIn: async () => (await ticketing.directory!.getUsers([1]))[0] ?? null,
      }),
    );
    const client = new AdminClient(app);
    expect((await client.signIn()).status).toBe(303);
    expect(added).toBe(1);
    expect((await client.request('tickets')).status).toBe(200);
  });
});
