import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServer, type RunningServer } from './harness.js';

/** The seed's "JavaScript (Fetch API)" examples, verbatim. */
const SEED_FETCH_EXAMPLES = `
// Get all high priority tickets
fetch('/api/ticketing/tickets/?priority=high', {
  headers: {
    'Authorization': 'Bearer YOUR_TOKEN'
  }
})
.then(response => response.json())
.then(data => console.log(data));

// Create a new ticket
fetch('/api/ticketing/tickets/', {
  method: 'POST',
  headers: {
    'Content-Type': 'application/json',
    'Authorization': 'Bearer YOUR_TOKEN'
  },
  body: JSON.stringify({
    subject: 'Bug report',
    description: 'Application crashes on startup',
    priority: 'urgent',
    category: 'bug',
    customer: 1
  })
})
.then(response => response.json())
.then(data => console.log(data));

// Add a comment
fetch('/api/ticketing/tickets/1/add_comment/', {
  method: 'POST',
  headers: {
    'Content-Type': 'application/json',
    'Authorization': 'Bearer YOUR_TOKEN'
  },
  body: JSON.stringify({
    content: 'Working on this issue now',
    is_internal: false
  })
})
.then(response => response.json())
.then(data => console.log(data));
`;

/**
 * Runs browser-style code against `baseUrl`: relative URLs resolve against it (as on a page served
 * by the host) and `YOUR_TOKEN` is the real token. Resolves with what it logged, once it logged
 * `expected` times.
 */
function runAsBrowser(code: string, baseUrl: string, token: string, expected: number): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const logs: unknown[] = [];
    const console = {
      log: (value: unknown) => {
        logs.push(value);
        if (logs.length === expected) resolve(logs);
      },
    };
    const pageFetch = (url: string, init?: RequestInit) => fetch(new URL(url, baseUrl), init).catch(reject);
    new Function('fetch', 'console', code.replaceAll('YOUR_TOKEN', token))(pageFetch, console);
  });
}

describe('standalone server over HTTP', () => {
  let dataDir: string;
  let server: RunningServer;
  const env = () => ({ TESSERA_DATA_DIR: dataDir, TESSERA_UPLOAD_LIMIT_BYTES: '1000', TESSERA_REQUEST_LOG: 'on' });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-standalone-'));
    // The CLI works before the server ever started: it migrates the same database.
    const customer = await runCli(env(), ['customer', 'add', '--name', 'Acme Corp', '--email', 'ops@acme.test']);
    expect(customer.out).toContain('Created customer #1 Acme Corp');
    server = await startServer(env());
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const api = (path: string, init: RequestInit = {}, token = server.token) =>
    fetch(`${server.baseUrl}/api/ticketing${path}`, {
      ...init,
      headers: { ...(token && { Authorization: `Bearer ${token}` }), ...(init.headers as Record<string, string>) },
    });

  it('writes the first staff token to a 0600 file, keeps it out of the (non-terminal) output, and serves /healthz', async () => {
    expect(server.token).toMatch(/^tsr_/);
    const { statSync } = await import('node:fs');
    expect(statSync(join(dataDir, 'first-token.txt')).mode & 0o777).toBe(0o600);
    expect(server.output()).toContain(`Its API token is in ${join(dataDir, 'first-token.txt')}`);
    expect(server.output()).not.toContain(server.token!);
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${server.baseUrl}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('mounts the staff admin UI at /admin/ticketing/ and keeps its session secret in the data directory', async () => {
    const page = await fetch(`${server.baseUrl}/admin/ticketing/sign-in`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const { statSync } = await import('node:fs');
    expect(statSync(join(dataDir, 'session-secret')).mode & 0o777).toBe(0o600);
  });

  it("runs the seed's fetch examples unchanged", async () => {
    const first = await api('/tickets/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ subject: 'Cannot login to account', description: 'After reset', priority: 'high', customer: 1 }),
    });
    expect(first.status).toBe(201);

    // The three chains run concurrently, so their logs can arrive in any order.
    const byShape = (await runAsBrowser(SEED_FETCH_EXAMPLES, server.baseUrl, server.token!, 3)) as Array<Record<string, unknown>>;
    const page = byShape.find((x) => 'results' in x)!;
    const ticket = byShape.find((x) => 'ticket_number' in x)!;
    const note = byShape.find((x) => 'content' in x)!;
    expect(page).toMatchObject({ count: 1, next: null, previous: null });
    expect((page.results as Array<{ subject: string }>)[0]!.subject).toBe('Cannot login to account');
    expect(ticket).toMatchObject({ ticket_number: 'TKT-000002', subject: 'Bug report', priority: 'urgent', category: 'bug', customer: 1, status: 'new' });
    expect(note).toMatchObject({ ticket: 1, content: 'Working on this issue now', is_internal: false });
  });

  it('serves request lines up to 8 KB', async () => {
    const path = `/tickets/?search=${'a'.repeat(500)}&utm=${'x'.repeat(7400)}`;
    expect(`GET /api/ticketing${path} HTTP/1.1`.length).toBeGreaterThan(7900);
    const res = await api(path);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { count: number }).count).toBe(0);
    // The whole line may be one search of up to 32 (long) terms, each of which must match.
    const terms = Array.from({ length: 31 }, (_, i) => `t${i}${'q'.repeat(240)}`).join('+');
    const long = `/tickets/?search=bug+${terms}`;
    expect(`GET /api/ticketing${long} HTTP/1.1`.length).toBeGreaterThan(7500);
    const searched = await api(long);
    expect(searched.status).toBe(200);
    expect(((await searched.json()) as { count: number }).count).toBe(0);
    // More terms than that is refused under `search`, before any query runs.
    const many = await api(`/tickets/?search=${Array.from({ length: 1500 }, (_, i) => `t${i}`).join('+')}`);
    expect(many.status).toBe(400);
    expect(Object.keys((await many.json()) as object)).toEqual(['search']);
  });

  it('answers 401 without a token and logs each request as JSON', async () => {
    const res = await api('/tickets/', {}, null);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await res.json()).toEqual({ detail: 'Authentication credentials were not provided.' });
    const lines = server.output().split('\n').filter((l) => l.startsWith('{'));
    expect(lines.map((l) => JSON.parse(l))).toContainEqual(expect.objectContaining({ method: 'GET', path: '/api/ticketing/tickets/', status: 401 }));
  });

  it('uploads and downloads attachments over HTTP, refusing a declared oversize body with 413', async () => {
    const upload = new FormData();
    upload.append('file', new File(['x'.repeat(1000)], 'exact.txt', { type: 'text/plain' }));
    upload.append('description', 'Error log file');
    upload.append('ticket', '1');
    const ok = await api('/attachments/', { method: 'POST', body: upload });
    expect(ok.status).toBe(201);
    const attachment = (await ok.json()) as { download_url: string; file_size: number };
    expect(attachment.file_size).toBe(1000);
    expect(attachment.download_url).toMatch(new RegExp(`^${server.baseUrl}/api/ticketing/attachments/\\d+/download/$`));
    const download = await fetch(attachment.download_url, { headers: { Authorization: `Bearer ${server.token}` } });
    expect(await download.text()).toBe('x'.repeat(1000));

    const big = new FormData();
    big.append('file', new File(['x'.repeat(200_000)], 'big.txt'));
    const refused = await api('/tickets/1/add_attachment/', { method: 'POST', body: big });
    expect(refused.status).toBe(413);
  });

  it('scopes a CLI-created customer user to their own customer', async () => {
    const other = await runCli(env(), ['customer', 'add', '--name', 'Globex']);
    expect(other.code).toBe(0);
    const user = await runCli(env(), ['user', 'add', '--name', 'Carol', '--role', 'customer', '--customer', '2']);
    expect(user.code).toBe(0);
    const token = /API token \(shown once\): (tsr_[\w-]+)/u.exec(user.out)![1]!;
    const mine = await api('/tickets/', {}, token);
    expect(((await mine.json()) as { count: number }).count).toBe(0);
    expect((await api('/tickets/1/', {}, token)).status).toBe(404);
    const filed = await api('/tickets/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ subject: 'Printer on fire', description: 'Really' }),
    }, token);
    expect(((await filed.json()) as { customer: number }).customer).toBe(2);

    const staffToken = await runCli(env(), ['token', 'create', '--user', '1']);
    const second = /(tsr_[\w-]+)/u.exec(staffToken.out)![1]!;
    expect((await api('/tickets/statistics/', {}, second)).status).toBe(200);
    expect((await runCli(env(), ['user', 'add', '--name', 'X', '--role', 'boss'])).code).toBe(2);
  });

  it('shuts down gracefully on SIGTERM, closing the database', async () => {
    const code = await server.stop('SIGTERM');
    expect(code).toBe(0);
    expect(server.output()).toContain('Database closed.');
    // A restart on the same data does not create another first user.
    const again = await startServer(env());
    expect(again.token).toBeNull();
    expect(again.output()).not.toContain('shown only this once');
    expect(await again.stop('SIGINT')).toBe(0);
  });
});
