import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, STANDALONE_DIR, startServer } from './harness.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-hardening-'));
  dirs.push(dir);
  return dir;
}

const mode = (path: string) => statSync(path).mode & 0o777;

/** Sends raw bytes on a fresh connection and resolves with everything the server answered. */
function rawExchange(baseUrl: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('standalone server hardening', () => {
  it('answers requests the HTTP parser refuses with JSON, keeps its files private, and exits 0 on SIGINT', async () => {
    const dataDir = await tempDir();
    const env = { TESSERA_DATA_DIR: dataDir, TESSERA_REQUEST_LOG: 'off' };
    const server = await startServer(env);
    try {
      for (const request of ['FOO / HTTP/1.1\r\nHost: localhost\r\n\r\n', 'GARBAGE\r\n\r\n', 'GET / HTTP/1.1\r\nBad Header\r\n\r\n']) {
        const answer = await rawExchange(server.baseUrl, request);
        const [head, body] = answer.split('\r\n\r\n');
        expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/u);
        expect(head).toMatch(/\r\nContent-Type: application\/json\r\n/iu);
        expect(JSON.parse(body!)).toEqual({ detail: expect.any(String) });
      }
      const unknownMethod = await rawExchange(server.baseUrl, 'FOO / HTTP/1.1\r\nHost: localhost\r\n\r\n');
      expect(JSON.parse(unknownMethod.split('\r\n\r\n')[1]!)).toEqual({ detail: 'Unsupported HTTP method.' });

      // An attachment, so the blob directory has a file in it.
      const form = new FormData();
      form.append('file', new File(['secret bytes'], 'notes.txt', { type: 'text/plain' }));
      form.append('ticket', '1');
      const headers = { Authorization: `Bearer ${server.token}` };
      const ticket = await fetch(`${server.baseUrl}/api/ticketing/tickets/`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ subject: 'Files', description: 'Private', customer: 1 }),
      });
      expect(ticket.status).toBe(201);
      expect((await fetch(`${server.baseUrl}/api/ticketing/attachments/`, { method: 'POST', headers, body: form })).status).toBe(201);

      expect(mode(dataDir)).toBe(0o700);
      for (const file of ['tessera.db', 'tessera.db-wal', 'tessera.db-shm', 'session-secret', 'first-token.txt']) {
        expect([file, mode(join(dataDir, file))]).toEqual([file, 0o600]);
      }
      const blobs: string[] = [];
      const walk = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const path = join(dir, entry.name);
          if (entry.isDirectory()) {
            expect(mode(path)).toBe(0o700);
            walk(path);
          } else blobs.push(path);
        }
      };
      walk(join(dataDir, 'attachments'));
      expect(blobs.length).toBeGreaterThan(0);
      for (const blob of blobs) expect(mode(blob)).toBe(0o600);
    } finally {
      expect(await server.stop('SIGINT')).toBe(0);
    }
    expect(server.output()).toContain('SIGINT received');
    expect(server.output()).toContain('Database closed.');

    // `--demo` on a database that holds one ticket says so in proper English.
    const again = await startServer(env, ['--demo']);
    await again.stop();
    expect(again.output()).toContain('Demo data skipped: the database already holds 1 ticket.');
  }, 90_000); // three server starts

  it('says in one line that the port is taken, before creating users or loading demo data', async () => {
    const dataDir = await tempDir();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const child = spawn(process.execPath, ['--conditions=dev-source', '--import', 'tsx', 'src/main.ts', '--demo'], {
        cwd: STANDALONE_DIR,
        env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), TESSERA_DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(out.trim()).toBe(`Port ${port} on 127.0.0.1 is already in use (another Tessera?). Stop it, or start with PORT=<another port>.`);
      expect(existsSync(join(dataDir, 'tessera.db'))).toBe(false);
      expect(existsSync(join(dataDir, 'first-token.txt'))).toBe(false);
    } finally {
      blocker.close();
    }
  });
});

describe('CLI hardening', () => {
  it('prints the usage for an unknown option, refuses --password, and takes a password from stdin', async () => {
    const dataDir = await tempDir();
    const env = { TESSERA_DATA_DIR: dataDir };
    const unknown = await runCli(env, ['customer', 'add', '--name', 'Acme', '--colour', 'red']);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain("Unknown option '--colour'");
    expect(unknown.out).toContain('Usage: pnpm tessera <command> [options]');

    const onCommandLine = await runCli(env, ['user', 'add', '--name', 'Maya', '--role', 'staff', '--password', 'hunter22hunter']);
    expect(onCommandLine.code).toBe(2);
    expect(onCommandLine.out).toContain('--password is not accepted');
    expect(onCommandLine.out).toContain('--with-password');

    const piped = await runCli(env, ['user', 'add', '--name', 'Maya', '--role', 'staff', '--with-password', '--no-token'], 'correct horse battery\n');
    expect(piped.out).toContain('Created staff user #1 Maya <maya@local>');
    expect(piped.code).toBe(0);

    // The server's admin sign-in accepts that password (and the first start finds a staff user, so makes none).
    const server = await startServer({ ...env, TESSERA_REQUEST_LOG: 'off' });
    try {
      expect(server.token).toBeNull();
      const page = await fetch(`${server.baseUrl}/admin/ticketing/sign-in`);
      const cookie = page.headers.getSetCookie().map((l) => l.split(';')[0]).join('; ');
      const csrf = /name="_csrf" value="([^"]+)"/u.exec(await page.text())![1]!;
      const signIn = await fetch(`${server.baseUrl}/admin/ticketing/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, email: 'maya@local', password: 'correct horse battery' }),
      });
      expect(signIn.status).toBe(303);
    } finally {
      await server.stop();
    }
  }, 90_000); // three CLI runs and a server start
});

describe('README walk-through', () => {
  it('runs the CLI commands of the README after a first start and prints what the README shows', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(join(STANDALONE_DIR, 'README.md'), 'utf8');
    const block = /```console\n([\s\S]*?)```/u.exec(readme)![1]!;
    const dataDir = await tempDir();
    const env = { TESSERA_DATA_DIR: dataDir, TESSERA_REQUEST_LOG: 'off' };
    const first = await startServer(env);
    await first.stop();
    // Each `$ …` line is a command; the lines after it up to the next one are what it prints.
    const steps = block.split(/^\$ /mu).filter(Boolean).map((step) => {
      const [command, ...printed] = step.trimEnd().split('\n');
      return { args: command!.replace(/^npx pnpm@10 tessera /u, '').match(/"[^"]*"|\S+/gu)!.map((a) => a.replace(/^"|"$/gu, '')), printed };
    });
    expect(steps.length).toBeGreaterThanOrEqual(4);
    for (const { args, printed } of steps) {
      const run = await runCli(env, args, args.includes('--with-password') ? 'a long enough password\n' : undefined);
      expect(run.code).toBe(0);
      for (const line of printed.filter((l) => /^(Created|API token|Revoked)/u.test(l))) {
        // Tokens and expiry times differ on every run: compare up to them.
        expect(run.out).toContain(line.replace(/( expires |tsr_…).*$/u, ''));
      }
      // Listings: the same ids, owners, labels and "never"s (dates differ on every run).
      const listing = printed.filter((l) => /^\d+ /u.test(l)).map((l) => l.replace(/\d{4}-\d\d-\d\dT[\d:]+Z/gu, 'DATE').split(/\s+/u));
      const listed = run.out.split('\n').filter((l) => /^\d+ /u.test(l)).map((l) => l.replace(/\d{4}-\d\d-\d\dT[\d:]+Z/gu, 'DATE').split(/\s+/u));
      expect(listed).toEqual(listing);
    }
    // Carol is attached to #2, the id `customer add` printed for Acme (not #1, the first start's customer).
    const carol = steps.find((s) => s.args.includes('Carol'))!;
    expect(carol.args).toContain('2');
    expect(block).toContain('Created customer #2 Acme Corp');
  }, 120_000);
});
