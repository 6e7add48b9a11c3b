/**
 * `tickets.percentiles` at scale, SQLite and PostgreSQL, against baselines measured in the same run.
 *
 *   node --conditions=dev-source --import tsx bench/percentiles.bench.ts [--tickets N] [--samples N] [--only sqlite|postgres]
 *
 * Seeds `--tickets` tickets (default 100,000) over two years with SQL-generated rows (SQLite file
 * under TESSERA_BENCH_DIR, default /work/data/percentiles; PostgreSQL schema `pct_bench_<N>` on
 * TESSERA_PG_URL), reused when already there. ~8 % are never answered; first responses skew short
 * (0–2 days, quadratic); ~90 % of old tickets and ~40 % of the last 30 days' are resolved.
 * Measures p50/p95 of the dashboard's query (`tickets.percentiles`, created in the last 30 days,
 * p50/p90/p95) against, on the same window: a bare `count(*)` (the cheapest read of the window)
 * and `tickets.statistics`. Prints the query plans.
 */
import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createMemoryBlobStore, createTicketing, percentileHundredths, type Actor, type TicketStore } from '@tessera/core';
import { openSqliteStore } from '@tessera/store-sqlite';
import { createPostgresStore } from '@tessera/store-postgres';
import { percentilesQuery } from '@tessera/store-kysely';
import pg from 'pg';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : (process.env[`TESSERA_BENCH_${name.toUpperCase()}`] ?? fallback);
};
const TICKETS = Number(arg('tickets', '100000').replaceAll('_', ''));
const SAMPLES = Number(arg('samples', '30'));
const ONLY = arg('only', '');
const DIR = process.env.TESSERA_BENCH_DIR ?? '/work/data/percentiles';
const PG_URL = process.env.TESSERA_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 1);
const SPAN = 2 * 365 * DAY;
const SINCE = new Date(NOW - 29 * DAY).toISOString().slice(0, 10);
const PEOPLE = 10;

// Row i (1…N) as SQL over an integer `i`: deterministic, no JS per row.
const rowSql = (time: (ms: string) => string) => {
  const created = `(${NOW - SPAN} + i * ${Math.floor(SPAN / TICKETS)} + (i * 7919) % 60000)`;
  const r = `((i * 2654435761) % 1000)`;
  const u = `(((i * 40503) % 100000) / 100000.0)`;
  const v = `(((i * 69069) % 1000000) / 1000000.0)`;
  const old = `(${created} < ${NOW - 30 * DAY})`;
  const responded = `(${r} >= 80)`;
  const resolved = `(${responded} AND ((${old} AND ${r} < 900) OR (NOT ${old} AND ${r} < 400)))`;
  return {
    created: time(created),
    firstResponse: `CASE WHEN ${responded} THEN ${time(`${created} + CAST(${u} * ${u} * ${2 * DAY} AS BIGINT)`)} END`,
    resolvedAt: `CASE WHEN ${resolved} THEN ${time(`${created} + CAST(${v} * ${10 * DAY} AS BIGINT) + ${3_600_000}`)} END`,
    status: `CASE WHEN ${resolved} THEN 'resolved' WHEN ${responded} THEN 'open' ELSE 'new' END`,
  };
};

function ms(times: number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return +sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(2);
}
async function sample(name: string, fn: () => Promise<unknown>, samples = SAMPLES) {
  for (let i = 0; i < Math.min(3, samples); i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  const r = { p50: ms(times, 50), p95: ms(times, 95) };
  console.log(`  ${name.padEnd(52)} p50 ${String(r.p50).padStart(8)} ms   p95 ${String(r.p95).padStart(8)} ms`);
  return r;
}

async function people(store: TicketStore): Promise<Actor> {
  const dir = store.directory!;
  const existing = await dir.findUserByEmail('bench-staff-1@example.test');
  if (existing) return { id: existing.user.id, role: 'staff' };
  let staff: Actor | undefined;
  for (let k = 1; k <= PEOPLE; k++) {
    await dir.addCustomer({ name: `Customer ${k}`, email: `c${k}@example.test` });
    const u = await dir.addUser({ name: `Staff ${k}`, email: `bench-staff-${k}@example.test`, role: 'staff' });
    staff ??= { id: u.id, role: 'staff' };
  }
  return staff!;
}

const TICKET_INSERT = (table: string, series: string, row: ReturnType<typeof rowSql>, tf: (ms: string) => string) => `
  INSERT INTO ${table} (sequence, ticket_number, subject, description, status, priority, priority_rank, category, customer_id,
    assigned_to_id, created_by_id, created_at, updated_at, resolved_at, closed_at, due_date, estimated_hours, actual_hours, tags,
    first_response_at, version)
  SELECT i, 'TKT-' || i, 'Subject ' || i, 'Description ' || i, ${row.status}, 'medium', 2,
    CASE i % 4 WHEN 0 THEN 'technical' WHEN 1 THEN 'billing' WHEN 2 THEN 'bug' ELSE 'general' END,
    1 + i % ${PEOPLE}, 1 + i % ${PEOPLE}, 1 + i % ${PEOPLE}, ${row.created}, ${row.created}, ${row.resolvedAt}, NULL, NULL, NULL, NULL, '',
    ${row.firstResponse}, 1
  FROM ${series}`;

async function measure(label: string, store: TicketStore, actor: Actor, baseline: () => Promise<unknown>, plan: () => Promise<string>) {
  const ticketing = createTicketing({ store, clock: { now: () => new Date(NOW) }, blobs: createMemoryBlobStore() });
  const result = await ticketing.tickets.percentiles(actor, { createdAfter: SINCE });
  console.log(`\n== ${label}: ${TICKETS.toLocaleString('en-US')} tickets, window since ${SINCE}: ${result.tickets} tickets, ` +
    `${result.firstResponse.sampleSize} answered, ${result.resolution.sampleSize} resolved; load ${loadavg()[0]!.toFixed(2)} ==`);
  console.log('  first response (s):', result.firstResponse.seconds, ' resolution (s):', result.resolution.seconds);
  const out = {
    windowTickets: result.tickets,
    countBaseline: await sample('baseline: count(*) over the window', baseline),
    statistics: await sample('tickets.statistics (window)', () => ticketing.tickets.statistics(actor, { createdAfter: SINCE })),
    percentiles: await sample('tickets.percentiles (window, p50/p90/p95)', () => ticketing.tickets.percentiles(actor, { createdAfter: SINCE })),
    // The whole history: the worst case, not the dashboard's query (a few samples only).
    percentilesAllTime: await sample('tickets.percentiles (all time, 3 samples)', () => ticketing.tickets.percentiles(actor), 3),
    loadAtEnd: +loadavg()[0]!.toFixed(2),
  };
  console.log(`  percentiles/count p95 ratio: ${(out.percentiles.p95 / out.countBaseline.p95).toFixed(1)}; percentiles/statistics: ${(out.percentiles.p95 / out.statistics.p95).toFixed(2)}`);
  console.log('  plan:\n' + (await plan()).replace(/^/gmu, '    '));
  return out;
}

const hundredths = [50, 90, 95].map(percentileHundredths);

async function sqlite() {
  mkdirSync(DIR, { recursive: true });
  const filename = join(DIR, `sqlite-${TICKETS}.db`);
  // Percentiles run on the query pool within its budget (default 5 s, which the all-time query at 1M exceeds).
  const store = await openSqliteStore({ filename, queryTimeoutMs: 60_000 });
  const db = store.database;
  const actor = await people(store);
  const have = (db.prepare('SELECT count(*) AS n FROM tessera_tickets').get() as { n: number }).n;
  if (have !== TICKETS) {
    if (have > 0) throw new Error(`${filename} has ${have} tickets, not ${TICKETS}: remove it`);
    const t0 = performance.now();
    const BATCH = 50_000;
    const row = rowSql((x) => x);
    for (let from = 1; from <= TICKETS; from += BATCH) {
      const to = Math.min(TICKETS, from + BATCH - 1);
      db.transaction(() => db.prepare(TICKET_INSERT('tessera_tickets', `(WITH RECURSIVE s(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM s WHERE i < ${to}) SELECT i FROM s)`, row, (x) => x)).run()).immediate();
    }
    db.prepare(`UPDATE tessera_sequences SET value = ? WHERE name = 'ticket'`).run(TICKETS);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('ANALYZE');
    console.log(`seeded SQLite in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const since = Date.parse(`${SINCE}T00:00:00Z`);
  const count = db.prepare('SELECT count(*) FROM tessera_tickets WHERE created_at >= ?').pluck();
  const { Kysely, SqliteDialect } = await import('kysely');
  const k = new Kysely<any>({ dialect: new SqliteDialect({ database: db }) });
  const { sqliteDialect } = await import('../packages/store-sqlite/src/dialect.js');
  const plan = async () => {
    const q = percentilesQuery(sqliteDialect, k, k.selectFrom('tessera_tickets as t').where('t.created_at', '>=', since), 't.', hundredths);
    return (db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string; id: number; parent: number }[])
      .map((r) => `${r.parent}/${r.id} ${r.detail}`).join('\n');
  };
  const out = await measure('SQLite', store, actor, async () => count.get(since), plan);
  await store.close();
  return out;
}

async function postgres() {
  const schema = `pct_bench_${TICKETS}`;
  const store = createPostgresStore({ connectionString: PG_URL }, { schema, queryTimeoutMs: 60_000 });
  await store.migrate();
  const actor = await people(store);
  const admin = new pg.Pool({ connectionString: PG_URL, max: 2 });
  const have = Number((await admin.query(`SELECT count(*) AS n FROM ${schema}.tickets`)).rows[0].n);
  if (have !== TICKETS) {
    if (have > 0) throw new Error(`${schema} has ${have} tickets, not ${TICKETS}: drop it`);
    const t0 = performance.now();
    const tf = (x: string) => `to_timestamp((${x})::double precision / 1000)`;
    const BATCH = 100_000;
    for (let from = 1; from <= TICKETS; from += BATCH) {
      const to = Math.min(TICKETS, from + BATCH - 1);
      await admin.query(TICKET_INSERT(`${schema}.tickets`, `generate_series(${from}::bigint, ${to}::bigint) AS s(i)`, rowSql(tf), tf));
    }
    await admin.query(`UPDATE ${schema}.counters SET value = $1`, [TICKETS]);
    await admin.query(`VACUUM ANALYZE ${schema}.tickets`);
    console.log(`seeded PostgreSQL in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const since = new Date(`${SINCE}T00:00:00Z`);
  const { Kysely, PostgresDialect } = await import('kysely');
  const k = new Kysely<any>({ dialect: new PostgresDialect({ pool: admin }) });
  const { postgresDialect } = await import('../packages/store-postgres/src/dialect.js');
  const plan = async () => {
    const q = percentilesQuery(postgresDialect, k, k.selectFrom(`${schema}.tickets`).where('created_at', '>=', since), '', hundredths);
    const rows = (await admin.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.parameters as unknown[])).rows as { 'QUERY PLAN': string }[];
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  };
  const out = await measure('PostgreSQL', store, actor, () => admin.query(`SELECT count(*) FROM ${schema}.tickets WHERE created_at >= $1`, [since]), plan);
  await k.destroy();
  await store.close();
  return out;
}

const results: Record<string, unknown> = { tickets: TICKETS, samples: SAMPLES, node: process.version, cpus: cpus().length, loadAtStart: +loadavg()[0]!.toFixed(2) };
if (ONLY !== 'postgres') results.sqlite = await sqlite();
if (ONLY !== 'sqlite') results.postgres = await postgres();
console.log(JSON.stringify(results));
