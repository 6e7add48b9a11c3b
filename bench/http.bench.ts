/**
 * `pnpm bench:http` — the REST API over real HTTP against the standalone server on SQLite,
 * one worker process against N (`TESSERA_WORKERS`), every ratio against Hono hello-world on the
 * same server in the same run.
 *
 *   node --conditions=dev-source --import tsx bench/http.bench.ts
 *     [--tickets N] [--duration S] [--connections N] [--rounds N] [--workers N] [--keep]
 *
 * 1. Creates a staff user with a token, 19 more agents and 200 customers through the store port
 *    (the API has no directory endpoints), then builds `examples/standalone` (tsup bundle, as
 *    deployed) and creates `--tickets` tickets (default 20,000) **through the API**, 32 requests
 *    in flight: realistic subjects and descriptions (`bench/http-tickets.ts`), every priority and
 *    category, most assigned, half with a due date; then moves three quarters of them out of
 *    `new` with `PATCH` and adds two comments (one internal) to the 1,000 tickets the detail
 *    scenario reads.
 * 2. Starts two servers on that database (request log off): `TESSERA_WORKERS=1` and
 *    `TESSERA_WORKERS=N` (default: the number of cores).
 * 3. Per round (default 3), per scenario, per server: autocannon (`--connections`, default 32;
 *    `--duration`, default 10 s; a 2 s warm-up in the first round): hello-world `GET /`, ticket
 *    detail (rotating over 1,000 ids), list `?status=open&priority=high`, list `?search=password
 *    reset`, statistics. Then the create rounds, last, so the reads all see the same tickets.
 *    Reports medians over the rounds (req/s and p99), each as a share of the same server's
 *    hello-world median. Samples the RSS of every server process (primary and workers) every
 *    100 ms and reports each one's peak.
 * 4. The ceiling of a list response (scenarios `ceiling: …`, before the creates): a bare Hono
 *    server (`bench/http-ceiling-server.mjs`, no database, no middleware) holding the list
 *    scenario's page in memory, answering its own hello-world, the page `JSON.stringify`-ed per
 *    request, and the page's bytes; ratios against its own hello-world and the standalone's.
 * Prints a markdown table and writes JSON to bench/results/http.json.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom, ticketText } from './http-tickets.js';

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

/** A standalone server process tree and the peak RSS of each of its processes. */
interface BenchServer {
  label: string;
  workers: number;
  baseUrl: string;
  child: ChildProcess;
  /** pid → peak RSS in bytes, the primary included. */
  peakRss: Map<number, number>;
  stop(): Promise<number | null>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MB`;
}

/** Rows of one shape as a markdown table: the first column left-aligned, numbers with separators. */
function markdownTable(rows: Array<Record<string, number | string>>): string {
  const header = Object.keys(rows[0]!);
  const fmt = (v: number | string) => (typeof v === 'number' ? v.toLocaleString('en') : v);
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((h, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((row) => `| ${header.map((h) => fmt(row[h]!)).join(' | ')} |`),
  ].join('\n');
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/u.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/u).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  const { openSqliteStore } = await import('@tessera/store-sqlite');
  const { generateToken, hashToken } = await import('@tessera/http-hono');
  const { TICKET_PRIORITIES, DEFAULT_CATEGORIES } = await import('@tessera/core');
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(`--${name}`);
    const raw = i >= 0 ? process.argv[i + 1] : process.env[`TESSERA_BENCH_${name.toUpperCase()}`];
    return raw ? Number(raw.replaceAll('_', '')) : fallback;
  };
  const TICKETS = arg('tickets', 20_000);
  const DURATION = arg('duration', 10);
  const CONNECTIONS = arg('connections', 32);
  const ROUNDS = arg('rounds', 3);
  const WORKERS = arg('workers', availableParallelism());
  const PROBED = Math.min(1000, TICKETS);
  const root = fileURLToPath(new URL('..', import.meta.url));
  const standalone = join(root, 'examples/standalone');
  const dataIndex = process.argv.indexOf('--data');
  const reuse = dataIndex >= 0 ? process.argv[dataIndex + 1]! : null;
  const dataDir = reuse ?? mkdtempSync(join(tmpdir(), 'tessera-http-bench-'));
  const loadBefore = loadavg()[0]!;

  // ---------- directory (store port) ----------
  const store = await openSqliteStore({ filename: join(dataDir, 'tessera.db') });
  const token = generateToken();
  const customers: number[] = [];
  const agents: number[] = [];
  if (reuse) {
    // `--data DIR`: a database an earlier `--keep` run seeded (same `--tickets`); a fresh token for its staff user.
    const [staff] = await store.directory.searchUsers('bench@example.test', { limit: 1, role: 'staff' });
    if (!staff) throw new Error(`${dataDir} holds no database seeded by this benchmark`);
    await store.directory.addToken({ userId: staff.id, tokenHash: await hashToken(token), label: 'bench', createdAt: new Date() });
    for (let i = 0; i < 200; i += 1) customers.push(i + 1);
    for (let i = 0; i < 20; i += 1) agents.push(staff.id + i);
  } else {
    const staff = await store.directory.addUser({ name: 'Bench Staff', email: 'bench@example.test', role: 'staff' });
    await store.directory.addToken({ userId: staff.id, tokenHash: await hashToken(token), label: 'bench', createdAt: new Date() });
    for (let i = 0; i < 200; i += 1) customers.push((await store.directory.addCustomer({ name: `Customer ${i}`, email: `c${i}@example.test` })).id);
    agents.push(staff.id);
    for (let i = 0; i < 19; i += 1) agents.push((await store.directory.addUser({ name: `Agent ${i}`, email: `a${i}@example.test`, role: 'staff' })).id);
  }
  await store.close();

  // ---------- server ----------
  // Built as it would be deployed (`pnpm --filter @tessera/example-standalone build`): one bundled
  // file run by plain node, without the TypeScript loader and its worker thread.
  const build = spawnSync(join(root, 'node_modules/.bin/tsup'), { cwd: standalone, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('building the standalone server failed');
  const servers: BenchServer[] = [];
  // A failed run must not leave servers behind (they would hold the terminal's pipes open).
  process.once('exit', () => {
    for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGTERM');
  });
  const sampler = setInterval(() => {
    for (const server of servers) {
      for (const pid of [server.child.pid!, ...childrenOf(server.child.pid!)]) {
        server.peakRss.set(pid, Math.max(server.peakRss.get(pid) ?? 0, rssOf(pid)));
      }
    }
  }, 100);
  const startServer = async (workers: number): Promise<BenchServer> => {
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: standalone,
      env: { ...process.env, TESSERA_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', TESSERA_REQUEST_LOG: 'off', DATABASE_URL: '', TESSERA_WORKERS: String(workers) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const baseUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening on (http:\/\/[\d.]+:\d+)\//u.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const server: BenchServer = {
      label: workers === 1 ? '1 worker' : `${workers} workers`,
      workers,
      baseUrl,
      child,
      peakRss: new Map(),
      stop: () => {
        child.kill('SIGTERM');
        return exited;
      },
    };
    servers.push(server);
    return server;
  };

  let ceilingPageBytes = 0;
  /** A bare Hono server holding the page that `listUrl` answers (see `bench/http-ceiling-server.mjs`). */
  const startCeiling = async (listUrl: string): Promise<BenchServer> => {
    const response = await fetch(listUrl, { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`GET ${listUrl}: ${response.status}`);
    const pageFile = join(mkdtempSync(join(tmpdir(), 'tessera-bench-page-')), 'page.json');
    const page = await response.text();
    ceilingPageBytes = Buffer.byteLength(page);
    writeFileSync(pageFile, page);
    const child = spawn(process.execPath, [join(root, 'bench/http-ceiling-server.mjs'), pageFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    const baseUrl = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        const m = /listening on (http:\/\/[\d.]+:\d+)\//u.exec(chunk.toString());
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`the ceiling server exited with ${code}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const server: BenchServer = {
      label: 'bare Hono',
      workers: 1,
      baseUrl,
      child,
      peakRss: new Map(),
      stop: async () => {
        child.kill('SIGTERM');
        const code = await exited;
        rmSync(join(pageFile, '..'), { recursive: true, force: true });
        return code;
      },
    };
    servers.push(server);
    return server;
  };

  // ---------- tickets through the API ----------
  const seedStart = performance.now();
  const probed = Array.from({ length: PROBED }, (_, i) => 1 + Math.floor((i * TICKETS) / PROBED));
  let searchMatches = 0;
  if (!reuse) {
    const loader = await startServer(WORKERS);
    const agent = new Agent({ keepAlive: true, maxSockets: 32 });
    const api = (method: string, path: string, body: unknown) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const payload = JSON.stringify(body);
        const req = request(new URL(path, loader.baseUrl), {
          method,
          agent,
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
        });
        req.on('response', (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => (res.statusCode! < 300 ? resolve({ status: res.statusCode!, text }) : reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`))));
        });
        req.on('error', reject);
        req.end(payload);
      });
    const inParallel = async (total: number, fn: (i: number) => Promise<unknown>) => {
      let next = 0;
      await Promise.all(Array.from({ length: 32 }, async () => {
        while (next < total) await fn(next++);
      }));
    };
    const rand = seededRandom();
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
    const bodies = Array.from({ length: TICKETS }, () => ({
      ...ticketText(rand),
      priority: pick(TICKET_PRIORITIES),
      category: pick(DEFAULT_CATEGORIES),
      customer: pick(customers),
      assigned_to: rand() < 0.7 ? pick(agents) : null,
      due_date: rand() < 0.5 ? new Date(Date.now() + (rand() - 0.3) * 30 * 86_400_000).toISOString() : null,
      estimated_hours: rand() < 0.5 ? Math.round(rand() * 1600) / 100 : null,
      tags: pick(['login, auth', 'billing', 'export, performance', 'api', 'mobile', 'ui']),
    }));
    await inParallel(TICKETS, (i) => api('POST', '/api/ticketing/tickets/', bodies[i]));
    const statuses = ['open', 'in_progress', 'pending', 'resolved', 'closed'] as const;
    const moves = Array.from({ length: TICKETS }, () => (rand() < 0.75 ? pick(statuses) : null));
    await inParallel(TICKETS, (i) => (moves[i] ? api('PATCH', `/api/ticketing/tickets/${i + 1}/`, { status: moves[i] }) : Promise.resolve()));
    await inParallel(PROBED, async (i) => {
      await api('POST', `/api/ticketing/tickets/${probed[i]}/add_comment/`, { content: 'Looking into it.' });
      await api('POST', `/api/ticketing/tickets/${probed[i]}/add_comment/`, { content: 'Internal: check the logs.', is_internal: true });
    });
    agent.destroy();
    await loader.stop();
    servers.splice(servers.indexOf(loader), 1);
    searchMatches = bodies.filter((b) => /password/iu.test(`${b.subject} ${b.description}`) && /reset/iu.test(`${b.subject} ${b.description}`)).length;
    console.log(`Created ${TICKETS.toLocaleString('en')} tickets through the API (${WORKERS} workers) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s; "password reset" matches ${searchMatches.toLocaleString('en')}.`);
  }
  const seedSeconds = (performance.now() - seedStart) / 1000;

  // ---------- load ----------
  const one = await startServer(1);
  const many = WORKERS > 1 ? await startServer(WORKERS) : null;
  const targets = many ? [one, many] : [one];
  const auth = { Authorization: `Bearer ${token}` };
  const reads: Array<{ name: string; opts: (base: string) => Record<string, unknown> }> = [
    { name: 'hello world `GET /`', opts: (base) => ({ url: `${base}/` }) },
    {
      name: 'ticket detail',
      opts: (base) => {
        let cursor = 0;
        return {
          url: base,
          headers: auth,
          requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: `/api/ticketing/tickets/${probed[cursor++ % probed.length]}/` }) }],
        };
      },
    },
    { name: 'list `?status=open&priority=high`', opts: (base) => ({ url: `${base}/api/ticketing/tickets/?status=open&priority=high`, headers: auth }) },
    { name: 'list `?search=password reset`', opts: (base) => ({ url: `${base}/api/ticketing/tickets/?search=password%20reset`, headers: auth }) },
    { name: 'statistics', opts: (base) => ({ url: `${base}/api/ticketing/tickets/statistics/`, headers: auth }) },
  ];
  const create = {
    name: 'create',
    opts: (base: string) => ({
      url: `${base}/api/ticketing/tickets/`,
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...ticketText(seededRandom(7)), priority: 'high', category: 'bug', customer: customers[0], assigned_to: agents[1], tags: 'bench, load' }),
    }),
  };
  const samples = new Map<string, Array<{ rps: number; p99: number; p50: number }>>();
  const run = async (scenario: (typeof reads)[number], server: BenchServer, warm: boolean) => {
    const opts = scenario.opts(server.baseUrl);
    if (warm) await autocannon({ ...opts, connections: CONNECTIONS, duration: 2, timeout: 30 });
    // A request slower than 30 s counts as a timeout, and a timeout fails the run.
    const r = await autocannon({ ...opts, connections: CONNECTIONS, duration: DURATION, timeout: 30 });
    if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0) throw new Error(`${scenario.name} (${server.label}): ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
    const key = `${scenario.name}|${server.label}`;
    samples.set(key, [...(samples.get(key) ?? []), { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50 }]);
    console.log(`  ${scenario.name} (${server.label}): ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms`);
  };
  // TESSERA_BENCH_ONLY=<regexp>: only the scenarios whose name matches (hello-world, the
  // baseline of every ratio, always runs).
  const only = process.env.TESSERA_BENCH_ONLY ? new RegExp(process.env.TESSERA_BENCH_ONLY, 'u') : null;
  const chosen = (name: string) => !only || name === reads[0]!.name || only.test(name);
  // Rounds interleave the servers, so a noisy minute on the shared machine hits both alike.
  for (let round = 1; round <= ROUNDS; round += 1) {
    console.log(`Round ${round}/${ROUNDS} (reads)`);
    for (const scenario of reads.filter((r) => chosen(r.name))) for (const server of targets) await run(scenario, server, round === 1);
  }
  // The ceiling of a list response: a bare Hono server (same Node adapter, no database, no
  // middleware) answering the list scenario's page from memory. What bounds the list ratio.
  const ceilingReads = [
    { name: 'ceiling: hello world', opts: (base: string) => ({ url: `${base}/` }) },
    { name: 'ceiling: list page, JSON.stringify per request', opts: (base: string) => ({ url: `${base}/page` }) },
    { name: 'ceiling: list page, bytes serialized once', opts: (base: string) => ({ url: `${base}/page-bytes` }) },
  ];
  const statusList = reads.find((r) => r.name.startsWith('list `?status'))!;
  const bare = chosen('ceiling') ? await startCeiling(`${one.baseUrl}${statusList.opts('').url as string}`) : null;
  for (let round = 1; round <= ROUNDS && bare; round += 1) {
    console.log(`Round ${round}/${ROUNDS} (ceiling)`);
    for (const scenario of ceilingReads) await run(scenario, bare, round === 1);
  }
  if (bare) await bare.stop();
  for (let round = 1; round <= ROUNDS && chosen(create.name); round += 1) {
    console.log(`Round ${round}/${ROUNDS} (create)`);
    for (const server of targets) await run(create, server, round === 1);
  }
  clearInterval(sampler);

  // ---------- report ----------
  const stat = (name: string, server: BenchServer) => {
    const s = samples.get(`${name}|${server.label}`)!;
    return { rps: median(s.map((x) => x.rps)), p99: median(s.map((x) => x.p99)), p50: median(s.map((x) => x.p50)) };
  };
  const hello = reads[0]!.name;
  const rows = [...reads, create].filter(({ name }) => chosen(name)).map(({ name }) => {
    const row: Record<string, number | string> = { scenario: name };
    for (const server of targets) {
      const s = stat(name, server);
      row[`${server.label} req/s`] = Math.round(s.rps);
      row[`${server.label} × hello`] = name === hello ? 1 : Number((s.rps / stat(hello, server).rps).toFixed(3));
      row[`${server.label} p99 ms`] = s.p99;
    }
    if (many) row[`${many.label} / 1 worker`] = Number((stat(name, many).rps / stat(name, one).rps).toFixed(2));
    return row;
  });
  const table = markdownTable(rows);
  const rss = targets.map((server) => {
    const [primary, ...workers] = [server.child.pid!, ...[...server.peakRss.keys()].filter((pid) => pid !== server.child.pid)];
    const peak = (pid: number) => server.peakRss.get(pid) ?? 0;
    return {
      server: server.label,
      primaryPid: primary!,
      primaryPeakRssBytes: peak(primary!),
      workerPeakRssBytes: server.workers > 1 ? workers.map(peak) : [],
    };
  });
  const loadAfter = loadavg()[0]!;
  console.log(
    `\n${TICKETS.toLocaleString('en')} tickets, autocannon ${CONNECTIONS} connections × ${DURATION} s, medians of ${ROUNDS} rounds, Node.js ${process.version}, ` +
      `${availableParallelism()} cores, load average ${loadBefore.toFixed(1)} before / ${loadAfter.toFixed(1)} after\n`,
  );
  console.log(table);
  const ceilingRows = bare
    ? ceilingReads.map(({ name }) => {
        const s = stat(name, bare);
        return {
          scenario: name,
          'req/s': Math.round(s.rps),
          '× its hello': Number((s.rps / stat(ceilingReads[0]!.name, bare).rps).toFixed(3)),
          '× standalone hello (1 worker)': Number((s.rps / stat(hello, one).rps).toFixed(3)),
          'p99 ms': s.p99,
        };
      })
    : [];
  if (bare) {
    console.log(`\nThe list page (${(ceilingPageBytes / 1024).toFixed(1)} KiB, 25 tickets) answered by a bare Hono server from memory, one process:\n`);
    console.log(markdownTable(ceilingRows));
  }
  console.log('\nPeak RSS per server process:');
  for (const r of rss) {
    const workers = r.workerPeakRssBytes.length ? `; workers ${r.workerPeakRssBytes.map(mib).join(', ')}` : ' (serves itself)';
    console.log(`- ${r.server}: primary ${mib(r.primaryPeakRssBytes)}${workers}`);
  }

  await Promise.all(targets.map((server) => server.stop()));
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const result = {
    tickets: TICKETS,
    durationSeconds: DURATION,
    connections: CONNECTIONS,
    rounds: ROUNDS,
    workers: WORKERS,
    seedSeconds,
    searchMatches,
    rows,
    samples: Object.fromEntries(samples),
    ceiling: ceilingRows,
    rss,
    loadAverage: { before: loadBefore, after: loadAfter },
    node: process.version,
  };
  writeFileSync(join(root, 'bench/results/http.json'), `${JSON.stringify(result, null, 2)}\n`);
  // A database given with `--data` is the caller's: never removed.
  if (process.argv.includes('--keep') || reuse) console.log(`Kept the database in ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
