import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startServer, type RunningServer } from './harness.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-revocation-'));
  dirs.push(dir);
  return dir;
}

const api = (server: RunningServer, token: string) =>
  fetch(`${server.baseUrl}/api/ticketing/tickets/`, { headers: { Authorization: `Bearer ${token}` } });

/** Polls until `server` refuses `token`; resolves the moment (ms) it first did, or throws after `withinMs`. */
async function refusedAt(server: RunningServer, token: string, withinMs: number): Promise<{ at: number; body: unknown }> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const res = await api(server, token);
    if (res.status === 401) return { at: Date.now(), body: await res.json() };
    expect(res.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 25)); // poll interval, not a wait for an outcome
  }
  throw new Error(`token still accepted after ${withinMs} ms`);
}

/** Signs in to the admin of `server` with `token`; resolves the session cookie. */
async function adminSignIn(server: RunningServer, token: string): Promise<string> {
  const page = await fetch(`${server.baseUrl}/admin/ticketing/sign-in`);
  const preCookie = page.headers.getSetCookie().map((l) => l.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/u.exec(await page.text())![1]!;
  const signIn = await fetch(`${server.baseUrl}/admin/ticketing/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: preCookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, token }),
  });
  expect(signIn.status).toBe(303);
  return signIn.headers.getSetCookie().map((l) => l.split(';')[0]).join('; ');
}

const adminPage = (server: RunningServer, cookie: string) =>
  fetch(`${server.baseUrl}/admin/ticketing/tickets`, { headers: { Cookie: cookie }, redirect: 'manual' });

describe('token and session revocation across processes', () => {
  it('lists tokens without secrets, revokes them and ends their sessions on every process within a second', async () => {
    const dataDir = await tempDir();
    const env = { TESSERA_DATA_DIR: dataDir, TESSERA_REQUEST_LOG: 'off' };
    const a = await startServer(env);
    const b = await startServer(env); // a second process on the same SQLite file
    try {
      const first = a.token!;
      const created = await runCli(env, ['token', 'create', '--user', '1', '--label', 'laptop', '--expires', '30d']);
      expect(created.code).toBe(0);
      const second = /(tsr_\S+)/u.exec(created.out)![1]!;
      expect(created.out).toMatch(/API token for user #1 \(shown once, expires \d{4}-/u);
      for (const server of [a, b]) for (const token of [first, second]) expect((await api(server, token)).status).toBe(200);

      const listed = await runCli(env, ['token', 'list']);
      expect(listed.code).toBe(0);
      const rows = listed.out.trim().split('\n');
      expect(rows[0]).toMatch(/^ID\s+USER\s+LABEL\s+CREATED\s+LAST USED\s+EXPIRES$/u);
      expect(rows[1]).toMatch(/^1\s+#1 admin@localhost\s+first start\s+\S+Z\s+\S+Z\s+never$/u); // used above
      const expiresIn30Days = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      expect(rows[2]).toMatch(new RegExp(`^2\\s+#1 admin@localhost\\s+laptop\\s+\\S+Z\\s+\\S+Z\\s+${expiresIn30Days}T`, 'u'));
      expect(listed.out).not.toContain(first.slice(4, 20));
      expect(listed.out).not.toContain(second.slice(4, 20));

      // An admin session on A, signed in with the first token and copied to B.
      const cookie = await adminSignIn(a, first);
      expect((await adminPage(b, cookie)).status).toBe(200);

      // Both processes have just verified the token (and may remember it): revoke it, then measure.
      expect((await api(b, first)).status).toBe(200);
      const revoked = await runCli(env, ['token', 'revoke', '1']);
      expect([revoked.code, revoked.out.trim()]).toEqual([0, 'Revoked API token #1 and ended the admin sessions signed in with it.']);
      const done = Date.now();
      for (const server of [a, b]) {
        const refusal = await refusedAt(server, first, 3000);
        expect(refusal.body).toEqual({ detail: 'Invalid token.' });
        expect(refusal.at - done).toBeLessThan(1200);
      }
      expect((await adminPage(b, cookie)).status).toBe(303);
      expect((await api(a, second)).status).toBe(200);

      const again = await runCli(env, ['token', 'revoke', '1']);
      expect([again.code, again.out.trim()]).toEqual([1, 'No API token #1; nothing was revoked.']);
      const byUser = await runCli(env, ['token', 'revoke', '--user', '1']);
      expect(byUser.out.trim()).toBe('Revoked 1 API token of user #1 and ended their admin sessions.');
      expect((await refusedAt(a, second, 3000)).body).toEqual({ detail: 'Invalid token.' });
      expect((await runCli(env, ['token', 'list'])).out.trim()).toBe('No API tokens.');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 120_000);

  it('refuses a copied admin cookie after sign-out, on the process that signed out and on another', async () => {
    const dataDir = await tempDir();
    const env = { TESSERA_DATA_DIR: dataDir, TESSERA_REQUEST_LOG: 'off' };
    const a = await startServer(env);
    const b = await startServer(env);
    try {
      const cookie = await adminSignIn(a, a.token!);
      const page = await adminPage(a, cookie);
      expect(page.status).toBe(200);
      const csrf = /name="_csrf" value="([^"]+)"/u.exec(await page.text())![1]!;
      expect((await adminPage(b, cookie)).status).toBe(200);
      const out = await fetch(`${a.baseUrl}/admin/ticketing/sign-out`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf }),
      });
      expect(out.status).toBe(303);
      for (const server of [a, b]) {
        const refused = await adminPage(server, cookie);
        expect(refused.status).toBe(303);
        expect(refused.headers.get('location')).toMatch(/\/admin\/ticketing\/sign-in\?next=/u);
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 60_000);

  it('refuses an expired token, and refuses to create one that is already expired', async () => {
    const dataDir = await tempDir();
    const env = { TESSERA_DATA_DIR: dataDir, TESSERA_REQUEST_LOG: 'off' };
    const server = await startServer(env);
    try {
      const past = await runCli(env, ['token', 'create', '--user', '1', '--expires', '2001-01-01']);
      expect(past.code).toBe(2);
      expect(past.out).toContain('--expires must be in the future.');
      const bad = await runCli(env, ['token', 'create', '--user', '1', '--expires', 'soon']);
      expect([bad.code, bad.out]).toEqual([2, expect.stringContaining('--expires must be a duration')]);

      const expiresAt = Date.now() + 12_000; // time for the CLI to start (slow on a busy machine) and one use
      const created = await runCli(env, ['token', 'create', '--user', '1', '--expires', new Date(expiresAt).toISOString()]);
      expect(created.code).toBe(0);
      const token = /(tsr_\S+)/u.exec(created.out)![1]!;
      expect(Date.now()).toBeLessThan(expiresAt);
      expect((await api(server, token)).status).toBe(200);
      const refusal = await refusedAt(server, token, 20_000);
      expect(refusal.body).toEqual({ detail: 'Invalid token.' });
      expect(refusal.at).toBeGreaterThanOrEqual(expiresAt);
      expect(refusal.at - expiresAt).toBeLessThan(1200);
      expect((await runCli(env, ['token', 'list'])).out).toMatch(/^2\s.*\(expired\)$/mu);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
