/**
 * `pnpm bench:http` — the REST API over real HTTP against the standalone server on SQLite.
 *
 *   node --conditions=dev-source --import tsx bench/http.bench.ts [--tickets N] [--duration S] [--connections N] [--keep]
 *
 * 1. Seeds `--tickets` tickets (default 100,000) into a fresh SQLite file through the store port,
 *    1,000 per transaction, plus a staff user with a token (and comments on the tickets probed).
 * 2. Builds `examples/standalone` (tsup bundle) and starts it with plain node as a child process
 *    on a random loopback port (request log off).
 * 3. Runs autocannon against, in one run: the server's plain Hono `GET /` (the ceiling), ticket
 *    detail, a filtered list, create, and statistics; each after a short warm-up. Samples the server
 *    process's RSS throughout and reports the maximum.
 * Prints a table and writes JSON to bench/results/http.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Workspace packages are read from source through the `dev-source` condition; relaunch with it.
if (!process.execArgv.some((a) => a.includes('dev-source'))) {
  const child = spawn(process.execPath, ['--conditions=dev-source', '--import', 'tsx', ...process.argv.slice(1)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  await main();
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

async function main(): Promise<void> {
  const { createMemoryBlobStore, createTicketing, formatTicketNumber, TICKET_PRIORITIES, TICKET_STATUSES, DEFAULT_CATEGORIES } = await import('@tessera/core');
  const { openSqliteStore } = await import('@tessera/store-sqlite');
  const { generateToken, hashToken } = await import('@tessera/http-hono');
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(`--${name}`);
    const raw = i >= 0 ? process.argv[i + 1] : process.env[`TESSERA_BENCH_${name.toUpperCase()}`];
    return raw ? Number(raw.replaceAll('_', '')) : fallback;
  };
  const TICKETS = arg('tickets', 100_000);
  const DURATION = arg('duration', 10);
  const CONNECTIONS = arg('connections', 10);
  const PROBED = 1000;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-http-bench-'));

  // ---------- seed ----------
  let s = 0x9e3779b9;
  const rand = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const seedStart = performance.now();
  const store = await openSqliteStore({ filename: join(dataDir, 'tessera.db') });
  const staff = await store.directory.addUser({ name: 'Bench Staff', email: 'bench@example.test', role: 'staff' });
  const token = generateToken();
  await store.directory.addToken({ userId: staff.id, tokenHash: await hashToken(token), label: 'bench', createdAt: new Date() });
  const customers: number[] = [];
  for (let i = 0; i < 200; i += 1) customers.push((await store.directory.addCustomer({ name: `Customer ${i}`, email: `c${i}@example.test` })).id);
  const agents: number[] = [staff.id];
  for (let i = 0; i < 19; i += 1) agents.push((await store.directory.addUser({ name: `Agent ${i}`, email: `a${i}@example.test`, role: 'staff' })).id);
  const SUBJECTS = ['Cannot login to', 'Error when opening', 'Billing question about', 'Crash in', 'Slow response from', 'Refund for'];
  const PRODUCTS = ['dashboard', 'mobile app', 'invoice export', 'API', 'reports', 'checkout'];
  const start = Date.UTC(2025, 0, 1);
  for (let done = 0; done < TICKETS; ) {
    const batch = Math.min(1000, TICKETS - done);
    await store.transaction(async (tx) => {
      for (let i = 0; i < batch; i += 1) {
        const sequence = await tx.allocateTicketSequence();
        const createdAt = new Date(start + (done + i) * 60_000);
        const status = pick(TICKET_STATUSES);
        const resolved = status === 'resolved' || status === 'closed' ? new Date(createdAt.getTime() + rand() * 72 * 3_600_000) : null;
        const ticket = await tx.insertTicket({
          sequence,
          ticketNumber: formatTicketNumber(sequence),
          subject: `${pick(SUBJECTS)} ${pick(PRODUCTS)}`,
          description: 'Seeded for the HTTP benchmark. The customer reports a problem and expects an answer.',
          status,
          priority: pick(TICKET_PRIORITIES),
          category: pick(DEFAULT_CATEGORIES),
          customerId: pick(customers),
          assignedToId: rand() < 0.7 ? pick(agents) : null,
          createdById: staff.id,
          createdAt,
          updatedAt: createdAt,
          resolvedAt: resolved,
          closedAt: status === 'closed' ? resolved : null,
          dueDate: rand() < 0.5 ? new Date(createdAt.getTime() + rand() * 30 * 86_400_000) : null,
          estimatedHours: rand() < 0.5 ? Math.round(rand() * 1600) / 100 : null,
          actualHours: null,
          tags: rand() < 0.5 ? ['login', 'auth'] : ['billing'],
          firstResponseAt: null,
          version: 1,
        });
        await tx.insertHistory([
          { ticketId: ticket.id, userId: staff.id, action: 'created', fieldName: null, oldValue: null, newValue: ticket.ticketNumber, timestamp: createdAt, isInternal: false },
        ]);
      }
    });
    done += batch;
  }
  // The tickets the detail benchmark reads get a realistic thread: two comments each.
  const service = createTicketing({ store, blobs: createMemoryBlobStore() });
  const actor = { id: staff.id, role: 'staff' as const };
  const probed = Array.from({ length: Math.min(PROBED, TICKETS) }, (_, i) => 1 + Math.floor((i * TICKETS) / Math.min(PROBED, TICKETS)));
  for (const id of probed) {
    await service.comments.add(actor, id, { content: 'Looking into it.' });
    await service.comments.add(actor, id, { content: 'Internal: check the logs.', isInternal: true });
  }
  await store.close();
  const seedSeconds = (performance.now() - seedStart) / 1000;
  console.log(`Seeded ${TICKETS.toLocaleString('en')} tickets in ${seedSeconds.toFixed(1)} s`);

  // ---------- server ----------
  // Built as it would be deployed (`pnpm --filter @tessera/example-standalone build`): one bundled
  // file run by plain node, without the TypeScript loader and its worker thread.
  const standalone = join(root, 'examples/standalone');
  const build = spawnSync(join(root, 'node_modules/.bin/tsup'), { cwd: standalone, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the standalone server failed');
  const server = spawn(process.execPath, ['dist/main.js'], {
    cwd: standalone,
    env: { ...process.env, TESSERA_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', TESSERA_REQUEST_LOG: 'off', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/[\d.]+:\d+)\//u.exec(out);
      if (m) resolve(m[1]!);
    });
    server.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  let maxRss = 0;
  const rss = () => {
    const m = /VmRSS:\s+(\d+) kB/u.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'));
    if (m) maxRss = Math.max(maxRss, Number(m[1]) * 1024);
  };
  const sampler = setInterval(rss, 100);
  const idleRss = (rss(), maxRss);

  // ---------- load ----------
  const auth = { Authorization: `Bearer ${token}` };
  let cursor = 0;
  const scenarios: Array<{ name: string; opts: Record<string, unknown> }> = [
    { name: 'hello world (GET /)', opts: { url: `${baseUrl}/` } },
    {
      name: 'GET ticket detail',
      opts: {
        url: baseUrl,
        headers: auth,
        requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: `/api/ticketing/tickets/${probed[cursor++ % probed.length]}/` }) }],
      },
    },
    { name: 'GET list ?status=open&priority=high', opts: { url: `${baseUrl}/api/ticketing/tickets/?status=open&priority=high`, headers: auth } },
    {
      name: 'POST create',
      opts: {
        url: `${baseUrl}/api/ticketing/tickets/`,
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ subject: 'Bench ticket', description: 'Created by autocannon', priority: 'high', category: 'bug', customer: customers[0], tags: 'bench, load' }),
      },
    },
    { name: 'GET statistics', opts: { url: `${baseUrl}/api/ticketing/tickets/statistics/`, headers: auth } },
  ];
  const rows: Array<Record<string, string | number>> = [];
  for (const { name, opts } of scenarios) {
    await autocannon({ ...opts, connections: CONNECTIONS, duration: 2 });
    const r = await autocannon({ ...opts, connections: CONNECTIONS, duration: DURATION });
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`${name}: ${r.non2xx} non-2xx responses, ${r.errors} errors`);
    rows.push({ scenario: name, 'req/s': Math.round(r.requests.average), 'p50 ms': r.latency.p50, 'p99 ms': r.latency.p99, requests: r.requests.total });
  }
  clearInterval(sampler);
  rss();

  const hello = rows[0]!['req/s'] as number;
  for (const row of rows) row['% of hello'] = `${((100 * (row['req/s'] as number)) / hello).toFixed(1)}%`;
  console.table(rows);
  const ratio = (i: number) => (rows[i]!['req/s'] as number) / hello;
  const checks = {
    'detail >= 50% of hello': ratio(1) >= 0.5,
    'list >= 30% of hello': ratio(2) >= 0.3,
    'max RSS < 200 MB': maxRss < 200 * 1024 * 1024,
  };
  console.log(`Server RSS: idle ${(idleRss / 2 ** 20).toFixed(0)} MB, max ${(maxRss / 2 ** 20).toFixed(0)} MB`);
  console.log(checks);

  const exit = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exit;
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const result = { tickets: TICKETS, durationSeconds: DURATION, connections: CONNECTIONS, seedSeconds, rows, idleRssBytes: idleRss, maxRssBytes: maxRss, checks, node: process.version };
  writeFileSync(join(root, 'bench/results/http.json'), `${JSON.stringify(result, null, 2)}\n`);
  if (process.argv.includes('--keep')) console.log(`Kept the database in ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
