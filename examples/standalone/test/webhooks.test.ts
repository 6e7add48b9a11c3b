import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../../packages/webhooks/test/receiver.js';
import { startServer, type RunningServer } from './harness.js';

const PG_URL = process.env.TESSERA_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
const pgReachable = await postgresReachable();
const schemas: string[] = [];
afterAll(async () => {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

type Db = 'sqlite' | 'postgres';
const DATABASES: Db[] = pgReachable ? ['sqlite', 'postgres'] : ['sqlite'];

/** Real parts only: server processes, a signature-verifying receiver on 127.0.0.1, the database on disk. */
describe.each(DATABASES)('standalone webhooks and idempotency (%s)', (db) => {
  let dataDir: string;
  let env: Record<string, string>;
  let receiver: Receiver;
  let secret = '';
  const servers: RunningServer[] = [];
  let token = '';

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-webhooks-'));
    env = {
      TESSERA_DATA_DIR: dataDir,
      TESSERA_REQUEST_LOG: 'off',
      TESSERA_WEBHOOK_ALLOW_PRIVATE: '1',
      TESSERA_WEBHOOK_RETRY_SCHEDULE: '1s,1s,1s,1s,1s',
    };
    if (db === 'postgres') {
      const schema = `webhooks_${process.pid}_${Date.now()}`;
      schemas.push(schema);
      Object.assign(env, { DATABASE_URL: PG_URL, TESSERA_PG_SCHEMA: schema });
    }
    receiver = await startReceiver(() => secret);
  });
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.stop('SIGKILL');
    await receiver.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<RunningServer> {
    const server = await startServer(env);
    if (server.token) token = server.token;
    servers.push(server);
    return server;
  }
  const api = async (server: RunningServer, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.baseUrl}/api/ticketing${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any, headers: res.headers };
  };
  const subscribe = async (server: RunningServer, events: string[]) => {
    const created = await api(server, 'POST', '/webhooks/', { url: receiver.url, events });
    expect(created.status).toBe(201);
    secret = created.body.secret;
    return created.body;
  };
  const ticket = (n: number) => ({ subject: `Burst ${n}`, description: 'x', customer: 1 });
  const allTickets = async (server: RunningServer) => {
    const ids: number[] = [];
    for (let page = 1; ; page++) {
      const res = await api(server, 'GET', `/tickets/?page_size=200&page=${page}&ordering=created_at`);
      ids.push(...res.body.results.map((t: { id: number }) => t.id));
      if (!res.body.next) return ids;
    }
  };
  const createdIds = () => new Set(receiver.received.filter((r) => r.type === 'ticket.created').map((r) => (r.body.data as { id: number }).id));

  /** The deliveries log of `hookId` once it holds `count` attempts, each with its answer recorded (or throws after 10 s). */
  async function settledDeliveries(server: RunningServer, hookId: number, count: number) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const log = await api(server, 'GET', `/webhooks/${hookId}/deliveries/`);
      const results = log.body.results as { status_code: number | null }[];
      if (log.body.count === count && results.every((d) => d.status_code !== null)) return log;
      if (Date.now() > deadline) return log; // the assertions after show what is missing
      await new Promise((resolve) => setTimeout(resolve, 25)); // poll interval, not a wait for an outcome
    }
  }

  it('delivers signed ticket.created and ticket.status_changed with the REST list row', async () => {
    const server = await start();
    const hook = await subscribe(server, ['ticket.created', 'ticket.status_changed']);
    const created = await api(server, 'POST', '/tickets/', ticket(1));
    expect(created.status).toBe(201);
    expect((await api(server, 'POST', `/tickets/${created.body.id}/change_status/`, { status: 'in_progress' })).status).toBe(200);
    await receiver.until(() => receiver.received.some((r) => r.type === 'ticket.status_changed'));

    expect(receiver.badSignatures).toEqual([]);
    const { comments: _c, attachments: _a, history: _h, ...createdRow } = created.body;
    const byType = new Map(receiver.received.map((r) => [r.type, r.body]));
    expect(byType.get('ticket.created')!.data).toEqual(createdRow);
    const [row] = (await api(server, 'GET', '/tickets/')).body.results;
    expect(byType.get('ticket.status_changed')!.data).toEqual(row);
    expect(row).toMatchObject({ status: 'in_progress' });
    // ticket.updated is not subscribed: nothing else arrives.
    expect([...byType.keys()].sort()).toEqual(['ticket.created', 'ticket.status_changed']);
    // The receiver has the request before the server records its answer: read the log once both are recorded.
    const log = await settledDeliveries(server, hook.id, 2);
    expect(log.body.count).toBe(2);
    expect(log.body.results.map((d: { status_code: number }) => d.status_code)).toEqual([204, 204]);
  });

  it('after kill -9 during a burst, every committed ticket is delivered and nothing uncommitted', async () => {
    let server = await start();
    await subscribe(server, ['ticket.created']);
    // Answer slowly so deliveries are in flight (leased, unacknowledged) when the process dies.
    receiver.respond = () => ({ status: 200, delayMs: 50 });
    const answered: number[] = [];
    let sent = 0;
    // Four clients create tickets back to back until the server dies under them, so some creates
    // are in flight (some committed without an answer, some not) at the moment of the kill.
    const client = async () => {
      for (;;) {
        const n = sent++;
        try {
          const res = await api(server, 'POST', '/tickets/', ticket(n));
          if (res.status === 201) answered.push(res.body.id);
        } catch {
          return; // the connection died with the server
        }
      }
    };
    const burst = [client(), client(), client(), client()];
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (answered.length >= 20 && receiver.received.length >= 3) {
          clearInterval(poll);
          resolve();
        }
      }, 5);
    });
    await server.stop('SIGKILL');
    await Promise.all(burst);
    servers.splice(servers.indexOf(server), 1);

    const killedAt = Date.now();
    server = await start();
    const committed = await allTickets(server);
    expect(committed.length).toBeGreaterThanOrEqual(answered.length);
    for (const id of answered) expect(committed).toContain(id);
    await receiver.until(() => committed.every((id) => createdIds().has(id)));
    console.log(`[kill -9] ${sent} sent, ${committed.length} committed, ${answered.length} answered; all delivered ${Date.now() - killedAt} ms after the kill`);
    expect(receiver.badSignatures).toEqual([]);
    // Nothing that was not committed was ever sent.
    expect([...createdIds()].filter((id) => !committed.includes(id))).toEqual([]);
    // Events and attempts the killed process held are released when their 60 s leases run out.
  }, 150_000);

  it('SIGTERM while a delivery hangs still exits 0, leaving the attempt to its lease', async () => {
    const server = await start();
    await subscribe(server, ['ticket.created']);
    receiver.respond = () => 'hang';
    expect((await api(server, 'POST', '/tickets/', ticket(1))).status).toBe(201);
    await receiver.until(() => receiver.inFlight === 1);
    expect(await server.stop('SIGTERM')).toBe(0);
    servers.splice(servers.indexOf(server), 1);
    expect(server.output()).toContain('Database closed.');
  }, 60_000);

  it('two server processes on one database dispatch together without sending an attempt twice at once', async () => {
    const a = await start();
    const b = await start();
    await subscribe(a, ['ticket.created']);
    receiver.respond = () => ({ status: 200, delayMs: 20 });
    const results = await Promise.all(Array.from({ length: 40 }, (_, n) => api(n % 2 ? a : b, 'POST', '/tickets/', ticket(n))));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const ids = results.map((r) => r.body.id as number);
    await receiver.until(() => ids.every((id) => createdIds().has(id)));
    expect(receiver.badSignatures).toEqual([]);
    expect(receiver.maxInFlightSameId).toBe(1);
    // A healthy receiver and live processes: each event is sent exactly once.
    expect([...receiver.countById.values()].every((n) => n === 1)).toBe(true);
  }, 60_000);

  it('one Idempotency-Key sent to two server processes at once creates one ticket', async () => {
    const a = await start();
    const b = await start();
    for (let k = 0; k < 10; k++) {
      const headers = { 'Idempotency-Key': `order-${k}` };
      const [x, y] = await Promise.all([api(a, 'POST', '/tickets/', ticket(k), headers), api(b, 'POST', '/tickets/', ticket(k), headers)]);
      const statuses = [x.status, y.status].sort();
      // One creates; the other is told the first is running (409) or gets its replay.
      expect([[201, 201], [201, 409]]).toContainEqual(statuses);
      if (statuses[1] === 201) expect(x.body.id).toBe(y.body.id);
      const replay = await api(b, 'POST', '/tickets/', ticket(k), headers);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.id).toBe((x.status === 201 ? x : y).body.id);
    }
    expect((await allTickets(a)).length).toBe(10);
  }, 60_000);
});
