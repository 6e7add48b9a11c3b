import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { DirectoryStore } from '@tessera/core';
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAdminRouter, createDirectorySignIn } from '../src/admin/index.js';
import type { AdminRouterOptions } from '../src/admin/context.js';
import { AdminClient } from './browser/admin-client.js';
import { ADMIN_BASE, SESSION_SECRET, STAFF_PASSWORD, createAdminFixture } from './browser/admin-fixture.js';

/** The fixture's admin again, with extra router options. */
async function adminWith(options: Partial<AdminRouterOptions>) {
  const fixture = await createAdminFixture();
  const app = new Hono();
  app.route(
    ADMIN_BASE,
    createAdminRouter({
      ticketing: fixture.ticketing,
      // The fixture's memory store hands its full directory to the service.
      signIn: createDirectorySignIn(fixture.ticketing.directory as unknown as DirectoryStore),
      sessionSecret: SESSION_SECRET,
      ...options,
    }),
  );
  return { ...fixture, app };
}

/** A body stream of `total` bytes of `x` in 16 KB chunks that counts what was pulled from it. */
function countingStream(total: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  }, { highWaterMark: 0 }); // pulled only when someone reads
  return { stream, pulled: () => sent };
}

describe('admin: bodies are counted while they stream', () => {
  afterEach(() => vi.useRealTimers());

  it('answers 413 to a chunked sign-in body over a real server before the client has finished sending it', async () => {
    const { app } = await createAdminFixture();
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const page = await fetch(`http://127.0.0.1:${port}${ADMIN_BASE}/sign-in`);
      const cookie = page.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
      const csrf = /name="_csrf" value="([^"]+)"/u.exec(await page.text())![1]!;
      const total = 64 * 1024 * 1024;
      const result = await new Promise<{ status: number; sentBefore: number }>((resolve, reject) => {
        // No Content-Length: node sends the body chunked, as the attack did.
        const req = httpRequest({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `${ADMIN_BASE}/sign-in`,
          headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        });
        let sent = 0;
        let answered = false;
        req.on('response', (res) => {
          answered = true;
          res.resume();
          resolve({ status: res.statusCode ?? 0, sentBefore: sent });
          req.destroy();
        });
        req.on('error', (error) => {
          if (!answered) reject(error);
        });
        const chunk = Buffer.from(`_csrf=${csrf}&email=${'a'.repeat(64 * 1024)}`.slice(0, 64 * 1024));
        const pump = () => {
          while (!answered && sent < total) {
            sent += chunk.byteLength;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          if (!answered) req.end();
        };
        pump();
      });
      expect(result.status).toBe(413);
      // The server stopped reading near the 64 KB cap; the client had sent a small part of its body.
      expect(result.sentBefore).toBeLessThan(total / 4);
    } finally {
      server.close();
    }
  });

  it('refuses a form body over 64 KB without Content-Length on a signed-in page (413) and stops reading it', async () => {
    const { app, ticketing, staff } = await createAdminFixture();
    const client = new AdminClient(app);
    await client.signIn();
    await client.page('tickets/new');
    const { stream, pulled } = countingStream(8 * 1024 * 1024);
    const res = await client.request('tickets/new', {
      method: 'POST',
      body: stream,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': client.lastCsrf },
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    expect(pulled()).toBeLessThanOrEqual(128 * 1024);
    const actor = { id: staff.id, role: 'staff' as const };
    expect((await ticketing.tickets.list(actor, {})).count).toBe(0);
  });

  it('checks the CSRF header and the Origin of an upload before reading its body', async () => {
    const { app, ticketing, staff, customers } = await createAdminFixture();
    const ticket = await ticketing.tickets.create({ id: staff.id, role: 'staff' }, { subject: 'S', description: 'D', customerId: customers[0]!.id });
    const client = new AdminClient(app);
    await client.signIn();
    await client.page(`tickets/${ticket.id}`);
    const upload = (headers: Record<string, string>) => {
      const body = countingStream(1024 * 1024);
      const res = client.request(`tickets/${ticket.id}/attachments`, {
        method: 'POST',
        body: body.stream,
        headers: { 'Content-Type': 'multipart/form-data; boundary=x', ...headers },
        duplex: 'half',
      } as RequestInit);
      return res.then((r) => ({ status: r.status, pulled: body.pulled() }));
    };
    expect(await upload({ 'X-CSRF-Token': 'forged' })).toEqual({ status: 403, pulled: 0 });
    expect(await upload({ Origin: 'http://evil.example' })).toEqual({ status: 403, pulled: 0 });
    expect(await upload({ Origin: 'null' })).toEqual({ status: 403, pulled: 0 });
    expect(await upload({ 'Sec-Fetch-Site': 'cross-site' })).toEqual({ status: 403, pulled: 0 });
    // The token may also ride in the query string, which is all a plain HTML form can add.
    const form = new FormData();
    form.set('file', new File(['hello'], 'hello.txt', { type: 'text/plain' }));
    const ok = await client.request(`tickets/${ticket.id}/attachments?_csrf=${encodeURIComponent(client.lastCsrf)}`, {
      method: 'POST',
      body: form,
      // The scheme may differ (a TLS proxy in front keeps the Host): only the host has to match.
      headers: { Origin: 'https://localhost' },
    });
    expect(ok.status).toBe(303);
    expect((await ticketing.attachments.list({ id: staff.id, role: 'staff' }, { ticketId: ticket.id })).count).toBe(1);
  });
});

describe('admin: sign-in limits', () => {
  afterEach(() => vi.useRealTimers());

  /** A client whose requests come from `address` (through the clientAddress option). */
  function from(app: Hono, address: string): AdminClient {
    const client = new AdminClient(app);
    const request = client.request.bind(client);
    client.request = (path, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('x-test-address', address);
      return request(path, { ...init, headers });
    };
    return client;
  }
  const clientAddress = (c: { req: { header(name: string): string | undefined } }) => c.req.header('x-test-address');

  it('limits attempts per client address with 429 and Retry-After, and lets the address in again after the window', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const { app } = await adminWith({ clientAddress, signInLimits: { perAddress: { attempts: 3, windowSeconds: 60 } } });
    const attacker = from(app, '203.0.113.9');
    await attacker.page('sign-in');
    for (let i = 0; i < 3; i += 1) expect((await attacker.post('sign-in', { email: `x${i}@x.test`, password: 'wrong' })).status).toBe(401);
    const limited = await attacker.post('sign-in', { email: 'sam@tessera.test', password: STAFF_PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await limited.text()).toContain('Too many sign-in attempts');

    const someoneElse = from(app, '198.51.100.7');
    await someoneElse.page('sign-in');
    expect((await someoneElse.post('sign-in', { email: 'sam@tessera.test', password: STAFF_PASSWORD })).status).toBe(303);

    vi.setSystemTime(new Date('2026-01-01T00:01:01Z'));
    expect((await attacker.post('sign-in', { email: 'sam@tessera.test', password: STAFF_PASSWORD })).status).toBe(303);
  });

  it('counts by the TCP peer under @hono/node-server by default, whatever X-Forwarded-For says', async () => {
    const { app } = await adminWith({ signInLimits: { perAddress: { attempts: 2, windowSeconds: 60 } } });
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${ADMIN_BASE}`;
    try {
      const page = await fetch(`${base}/sign-in`);
      const cookie = page.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
      const csrf = /name="_csrf" value="([^"]+)"/u.exec(await page.text())![1]!;
      const statuses: number[] = [];
      for (const forwarded of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
        const res = await fetch(`${base}/sign-in`, {
          method: 'POST',
          redirect: 'manual',
          headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': forwarded },
          body: new URLSearchParams({ _csrf: csrf, email: 'sam@tessera.test', password: 'wrong' }),
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 429]);
    } finally {
      server.close();
    }
  });

  it('locks an account after repeated failures from any address, even for the right password', async () => {
    const { app } = await adminWith({ clientAddress, signInLimits: { perAccount: { failures: 3, windowSeconds: 900 } } });
    for (let i = 0; i < 3; i += 1) {
      const client = from(app, `203.0.113.${i}`);
      await client.page('sign-in');
      expect((await client.post('sign-in', { email: 'Sam@tessera.test', password: `guess ${i}` })).status).toBe(401);
    }
    const owner = from(app, '192.0.2.1');
    await owner.page('sign-in');
    const locked = await owner.post('sign-in', { email: 'sam@tessera.test', password: STAFF_PASSWORD });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(890);
    // Another account is not affected.
    expect((await owner.post('sign-in', { email: 'olivia@tessera.test', password: 'no password set' })).status).toBe(401);
  });

  it('runs at most `concurrency` credential checks at once and refuses beyond the queue at once', async () => {
    const fixture = await createAdminFixture();
    let running = 0;
    let most = 0;
    const release: Array<() => void> = [];
    const signIn = async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => release.push(resolve));
      running -= 1;
      return null;
    };
    const app = new Hono();
    app.route(
      ADMIN_BASE,
      createAdminRouter({ ticketing: fixture.ticketing, signIn, sessionSecret: SESSION_SECRET, clientAddress, signInLimits: { concurrency: 2, queue: 3 } }),
    );
    const clients = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const client = from(app, `203.0.113.${i}`);
        await client.page('sign-in');
        return client;
      }),
    );
    const answers = clients.map((client, i) => client.post('sign-in', { email: `u${i}@x.test`, password: 'pw' }).then((r) => r.status));
    // Let every request reach the gate: 2 checks run, 3 wait, 3 are refused straight away.
    await vi.waitFor(() => expect(release.length).toBe(2));
    while (release.length || running) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      release.shift()?.();
    }
    const statuses = await Promise.all(answers);
    expect(most).toBe(2);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
  });
});

describe('admin: return_to, errors and hosts', () => {
  it('drops a bulk return_to with a line break or another path instead of failing (no 500)', async () => {
    const { app, ticketing, staff, customers } = await createAdminFixture();
    const ticket = await ticketing.tickets.create({ id: staff.id, role: 'staff' }, { subject: 'S', description: 'D', customerId: customers[0]!.id });
    const client = new AdminClient(app);
    await client.signIn();
    await client.page('tickets');
    for (const returnTo of ['?status=open\r\nSet-Cookie: x=1', '?a=1\nb', '?//evil.test']) {
      const res = await client.post('tickets/bulk', { ids: [String(ticket.id)], action: 'bogus', return_to: returnTo });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`${ADMIN_BASE}/tickets`);
    }
    const kept = await client.post('tickets/bulk', { ids: [String(ticket.id)], action: 'bogus', return_to: '?status=open&page=2' });
    expect(kept.headers.get('location')).toBe(`${ADMIN_BASE}/tickets?status=open&page=2`);
  });

  it('logs an unexpected error as one JSON line by default, and through logError when given', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const failing = { findUser: async () => Promise.reject(new Error('line one\nline two')) };
      const { app } = await adminWith(failing);
      const client = new AdminClient(app);
      await client.signIn();
      const res = await client.request('tickets');
      expect(res.status).toBe(500);
      expect(await res.text()).not.toContain('line one');
      expect(spy).toHaveBeenCalledTimes(1);
      const line = spy.mock.calls[0]![0] as string;
      expect(line).not.toMatch(/\n/u);
      expect(JSON.parse(line)).toMatchObject({ level: 'error', method: 'GET', path: `${ADMIN_BASE}/tickets`, message: 'line one\nline two' });
    } finally {
      spy.mockRestore();
    }
    const seen: unknown[] = [];
    const { app } = await adminWith({ findUser: async () => Promise.reject(new Error('x')), logError: (error) => seen.push(error) });
    const client = new AdminClient(app);
    await client.signIn();
    expect((await client.request('tickets')).status).toBe(500);
    expect(seen).toHaveLength(1);
  });

  it('refuses hosts outside allowedHosts, and makes cookies Secure when the public URL is https', async () => {
    const plain = await adminWith({});
    const evil = await plain.app.request(`http://evil.example${ADMIN_BASE}/sign-in`);
    expect(evil.status).toBe(400);
    expect(await evil.json()).toEqual({ detail: 'Invalid host.' });
    for (const host of ['localhost:3000', '127.0.0.1:8080', '[::1]:9']) {
      expect((await plain.app.request(`http://${host}${ADMIN_BASE}/sign-in`)).status).toBe(200);
    }
    const httpCookie = (await plain.app.request(`http://localhost${ADMIN_BASE}/sign-in`)).headers.get('set-cookie') ?? '';
    expect(httpCookie).not.toMatch(/Secure/u);

    const proxied = await adminWith({ publicUrl: 'https://support.example.com' });
    // Behind a TLS-terminating proxy the app sees http and the proxy's Host.
    const res = await proxied.app.request(`http://10.0.0.5:3000${ADMIN_BASE}/sign-in`);
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/u);
    // The flash cookie after a post/redirect/get is Secure as well.
    const client = new AdminClient(proxied.app);
    await client.signIn();
    await client.page('tickets');
    const flashed = await client.post('tickets/bulk', { action: 'bogus' });
    const flash = flashed.headers.getSetCookie().find((line) => line.startsWith('tessera_admin_flash='));
    expect(flash).toMatch(/; Secure/u);

    const custom = await adminWith({ allowedHosts: ['.example.org'] });
    expect((await custom.app.request(`http://help.example.org${ADMIN_BASE}/sign-in`)).status).toBe(200);
    expect((await custom.app.request(`http://localhost${ADMIN_BASE}/sign-in`)).status).toBe(400);
  });
});
