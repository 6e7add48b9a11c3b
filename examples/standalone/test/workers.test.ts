import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { restartDelayMs } from '../src/cluster.js';
import { loadConfig } from '../src/config.js';
import { startServer, type RunningServer } from './harness.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** One request on a fresh connection (no keep-alive), so the primary hands each to a worker anew. */
function call(server: RunningServer, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server.baseUrl), {
      method,
      agent: false,
      headers: {
        Authorization: `Bearer ${server.token}`,
        ...(payload !== undefined && { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
      },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs `total` calls of `fn`, `concurrency` at a time. */
async function concurrently<T>(total: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(total);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        results[i] = await fn(i);
      }
    }),
  );
  return results;
}

/** The request log lines the workers printed so far. */
function logLines(server: RunningServer): Array<{ method: string; path: string; status: number; worker: number }> {
  return server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{"time"'))
    .map((line) => JSON.parse(line));
}

/** Polls `check` until it returns a value (the event it waits for is in another process). */
async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('TESSERA_WORKERS configuration', () => {
  it('defaults to one worker per core and refuses nonsense', () => {
    expect(loadConfig({}).workers).toBe(availableParallelism());
    expect(loadConfig({ TESSERA_WORKERS: '1' }).workers).toBe(1);
    expect(() => loadConfig({ TESSERA_WORKERS: '0' })).toThrow(/TESSERA_WORKERS must be an integer between 1 and 256/);
    expect(() => loadConfig({ TESSERA_WORKERS: 'all' })).toThrow(/TESSERA_WORKERS/);
  });

  it('shares about 20 Postgres connections over the workers, at least 4 each, unless told', () => {
    expect(loadConfig({ TESSERA_WORKERS: '1' }).pgPoolSize).toBe(20);
    expect(loadConfig({ TESSERA_WORKERS: '2' }).pgPoolSize).toBe(10);
    expect(loadConfig({ TESSERA_WORKERS: '16' }).pgPoolSize).toBe(4);
    expect(loadConfig({ TESSERA_WORKERS: '2', TESSERA_PG_POOL_SIZE: '3' }).pgPoolSize).toBe(3);
  });

  it('restarts a crashing worker after a doubling delay, capped at 15 s', () => {
    expect([1, 2, 3, 4, 8, 20].map(restartDelayMs)).toEqual([250, 500, 1000, 2000, 15_000, 15_000]);
  });
});

describe('standalone server with two workers on one SQLite database', () => {
  it('prints the first user and the curl to try only once the workers listen (after first-start work)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-workers-'));
    dirs.push(dataDir);
    const server = await startServer({ TESSERA_DATA_DIR: dataDir, TESSERA_WORKERS: '2', TESSERA_REQUEST_LOG: 'off' }, ['--demo']);
    try {
      // Demo data loads before the workers start; the announcement waits for them.
      expect(server.output()).toMatch(/Loaded demo data[\s\S]*Created staff user[\s\S]*Try: curl[^\n]*\n\s*Tessera listening on /u);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('serves from both workers, numbers concurrent creates gaplessly, replaces a killed worker, and exits 0 on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-workers-'));
    dirs.push(dataDir);
    const server = await startServer({ TESSERA_DATA_DIR: dataDir, TESSERA_WORKERS: '2' });
    let stopped = false;
    try {
      expect(server.output()).toContain('2 workers)');
      // First-start work ran once, in the primary.
      expect(server.output().match(/Created staff user/gu)).toHaveLength(1);
      expect((await readFile(join(dataDir, 'first-token.txt'), 'utf8')).trim()).toBe(server.token);

      // Concurrent creates from both processes: each one's own queue plus SQLite's write lock.
      const CREATES = 120;
      const created = await concurrently(CREATES, 16, (i) =>
        call(server, 'POST', '/api/ticketing/tickets/', { subject: `Concurrent ${i}`, description: 'From two workers', customer: 1 }),
      );
      expect(created.map((r) => r.status)).toEqual(new Array(CREATES).fill(201));
      const numbers = created.map((r) => r.json.ticket_number as string).sort();
      expect(numbers).toEqual(Array.from({ length: CREATES }, (_, i) => `TKT-${String(i + 1).padStart(6, '0')}`));
      const listed = await call(server, 'GET', '/api/ticketing/tickets/?page_size=1');
      expect(listed.json.count).toBe(CREATES);

      const creates = logLines(server).filter((l) => l.method === 'POST');
      expect(creates).toHaveLength(CREATES);
      expect(creates.every((l) => l.status === 201)).toBe(true);
      const workers = [...new Set(creates.map((l) => l.worker))];
      expect(workers).toHaveLength(2);

      // SIGKILL one worker: the other keeps answering, and a new one takes the dead one's place.
      const [victim, survivor] = workers as [number, number];
      process.kill(victim, 'SIGKILL');
      await eventually(() => (server.output().includes(`Worker ${victim} exited (SIGKILL); starting a new one in 250 ms.`) ? true : undefined), 'the primary to notice');
      const during = await concurrently(10, 5, () => call(server, 'GET', '/api/ticketing/tickets/?status=new'));
      expect(during.map((r) => r.status)).toEqual(new Array(10).fill(200));
      const replacement = await eventually(() => {
        const m = /Worker (\d+) serving\./u.exec(server.output());
        return m ? Number(m[1]) : undefined;
      }, 'a replacement worker');
      expect([victim, survivor]).not.toContain(replacement);
      // Round-robin over the two live workers: the replacement answers within a few new connections.
      await eventually(async () => {
        await call(server, 'GET', '/healthz');
        return logLines(server).some((l) => l.worker === replacement && l.path === '/healthz') ? true : undefined;
      }, 'the replacement to serve');
      expect(logLines(server).some((l) => l.worker === victim && l.path === '/healthz')).toBe(false);
      expect(logLines(server).every((l) => l.status < 500)).toBe(true);

      stopped = true;
      expect(await server.stop('SIGTERM')).toBe(0);
      expect(server.output()).toContain('SIGTERM received: stopping 2 workers');
      expect(server.output()).toContain('Workers stopped. Database closed. Bye.');
    } finally {
      if (!stopped) await server.stop('SIGKILL');
    }
  }, 60_000);
});

describe('standalone server with TESSERA_WORKERS=1', () => {
  it('serves from the one process it started, without forking, and exits 0 on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-one-worker-'));
    dirs.push(dataDir);
    const server = await startServer({ TESSERA_DATA_DIR: dataDir, TESSERA_WORKERS: '1' });
    const pid = server.child.pid!;
    try {
      expect(server.output()).not.toContain('workers)');
      expect(readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim()).toBe('');
      const created = await call(server, 'POST', '/api/ticketing/tickets/', { subject: 'Alone', description: 'One process', customer: 1 });
      expect(created.status).toBe(201);
      // Without workers the log lines carry no worker field.
      expect(logLines(server).map((l) => [l.method, l.status, l.worker])).toEqual([['POST', 201, undefined]]);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    expect(server.output()).toContain('SIGTERM received: finishing in-flight requests...');
    expect(server.output()).toContain('Database closed. Bye.');
  });
});
