/**
 * `pnpm bench:postgres` — @tessera/store-postgres against raw `pg` in the same run.
 *
 *   node --conditions=dev-source --import tsx bench/postgres.bench.ts [--tickets N] [--samples N] [--creates-only 1]
 *
 * 1. Creates/s at 1, 4 and 16 concurrent clients: the service (`createTicketing`), the store's
 *    create transaction alone (gapless counter row + ticket + `created` history), and a raw `pg`
 *    baseline doing the same two inserts with a plain (gappy, non-blocking) SEQUENCE instead of
 *    the counter row. Same schema, same indexes, same server, same run.
 * 2. Seeds `--tickets` tickets (default 1,000,000; env TESSERA_BENCH_TICKETS) in bulk — secondary
 *    indexes dropped, multi-row `INSERT … SELECT FROM unnest(…)`, indexes rebuilt from their own
 *    definitions, VACUUM ANALYZE — each step timed; then p50/p95 of list per filter, search and
 *    statistics through the store, plus the EXPLAIN of a rare-term search.
 * Runs in its own schema (env TESSERA_PG_URL picks the server) and drops it at the end (`--keep 1`
 * keeps it for poking at with psql; env TESSERA_BENCH_SCHEMA re-measures such a schema, env
 * TESSERA_BENCH_ONLY=<regexp> limits the queries, `--skip-creates 1` skips step 1).
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import {
  createMemoryBlobStore,
  createTicketing,
  formatTicketNumber,
  priorityRank,
  type NewTicket,
  type TicketFilter,
  type TicketPriority,
  type TicketStatus,
} from '@tessera/core';
import { createPostgresStore } from '@tessera/store-postgres';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : process.env[`TESSERA_BENCH_${name.toUpperCase()}`];
  return raw ? Number(raw.replaceAll('_', '')) : fallback;
};
const TICKETS = arg('tickets', 1_000_000);
const SAMPLES = arg('samples', 60);
const URL_ = process.env.TESSERA_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// TESSERA_BENCH_SCHEMA=<name>: re-measure the queries on a schema an earlier `--keep 1` run seeded
// (migrated first, so this also exercises upgrading a full database); no creates, no seed, not dropped.
const REUSE = process.env.TESSERA_BENCH_SCHEMA;
const SCHEMA = REUSE ?? `bench_pg_${process.pid}`;
const S = `"${SCHEMA}"`;
const results: Record<string, unknown> = { tickets: TICKETS, samples: SAMPLES };
const log = (line: string) => process.stdout.write(`${line}\n`);

// ---------- deterministic data ----------
let state = 0x2545f491;
const rand = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
};
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
const weighted = <T>(pairs: readonly (readonly [T, number])[]): T => {
  let r = rand() * pairs.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of pairs) if ((r -= w) < 0) return v;
  return pairs[pairs.length - 1]![0];
};
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ro', 'sa', 'tu', 'vi', 'ze', 'por', 'lin', 'dex', 'gra', 'shu', 'ten', 'qua'];
const WORDS = Array.from({ length: 3000 }, () => Array.from({ length: 2 + int(3) }, () => pick(SYLLABLES)).join(''));
const word = () => WORDS[Math.floor(rand() ** 3 * WORDS.length)]!;
const words = (n: number) => Array.from({ length: n }, word).join(' ');
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** An 8-character reference code: what makes a term rare (order ids, error codes…). */
const code = () => Array.from({ length: 8 }, () => ALNUM[int(36)]).join('');
const CATEGORIES = ['technical', 'billing', 'product', 'feature_request', 'bug', 'account', 'general', 'other'] as const;
const DAY = 86_400_000;
const NOW = new Date('2026-01-01T00:00:00Z');
const SPAN_DAYS = 730;

function ticket(sequence: number): NewTicket {
  const createdAt = new Date(NOW.getTime() - rand() * SPAN_DAYS * DAY);
  const ageDays = (NOW.getTime() - createdAt.getTime()) / DAY;
  // Old tickets are mostly finished; recent ones are mostly in flight.
  const status: TicketStatus =
    ageDays > 60 && rand() < 0.95
      ? weighted([['resolved', 3], ['closed', 7]] as const)
      : weighted([['new', 2], ['open', 3], ['in_progress', 2], ['pending', 1], ['resolved', 1], ['closed', 1], ['reopened', 0.3]] as const);
  const priority: TicketPriority = weighted([['low', 20], ['medium', 40], ['high', 25], ['urgent', 10], ['critical', 5]] as const);
  const resolvedAt = status === 'resolved' || status === 'closed' ? new Date(createdAt.getTime() + rand() * 10 * DAY) : null;
  return {
    sequence,
    ticketNumber: formatTicketNumber(sequence),
    subject: `${words(3 + int(4))} ${code()}`,
    description: `${words(15 + int(30))}. ref ${code()}`,
    status,
    priority,
    category: weighted(CATEGORIES.map((c, i) => [c, 8 - i] as const)),
    customerId: 1 + int(5000),
    assignedToId: rand() < 0.15 ? null : 1 + int(200),
    createdById: 1 + int(200),
    createdAt,
    updatedAt: new Date(createdAt.getTime() + rand() * DAY),
    resolvedAt,
    closedAt: status === 'closed' ? resolvedAt : null,
    dueDate: rand() < 0.6 ? new Date(createdAt.getTime() + (1 + int(30)) * DAY) : null,
    estimatedHours: rand() < 0.5 ? Math.round(rand() * 4000) / 100 : null,
    actualHours: null,
    tags: Array.from({ length: int(3) }, word),
    firstResponseAt: null,
    version: 1,
  };
}

// ---------- helpers ----------
const admin = new pg.Pool({ connectionString: URL_, max: 4 });
const q = (text: string, values?: unknown[]) => admin.query(text, values);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const value = await fn();
  return [value, performance.now() - t];
}

/** Runs `total` calls of `fn` with `clients` in flight; returns calls per second. */
async function throughput(clients: number, total: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) await fn(next++);
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

// TESSERA_BENCH_ONLY=<regexp>: measure only the queries whose label matches (others report null).
const ONLY = process.env.TESSERA_BENCH_ONLY ? new RegExp(process.env.TESSERA_BENCH_ONLY, 'u') : null;

async function latency(label: string, run: (i: number) => Promise<unknown>, samples = SAMPLES) {
  if (ONLY && !ONLY.test(label)) return null;
  for (let i = 0; i < 3; i++) await run(i);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) times.push((await timed(() => run(i)))[1]);
  times.sort((a, b) => a - b);
  const row = { p50: round(pct(times, 50)), p95: round(pct(times, 95)) };
  log(`${label.padEnd(42)} p50 ${String(row.p50).padStart(8)} ms   p95 ${String(row.p95).padStart(8)} ms`);
  return row;
}

// ---------- 1. creates/s ----------
async function createsPerSecond() {
  await q(`truncate ${S}.tickets cascade; update ${S}.counters set value = 0`);
  await q(`create table ${S}.baseline_tickets (like ${S}.tickets including all)`);
  await q(`create table ${S}.baseline_history (like ${S}.ticket_history including all)`);
  await q(`create sequence ${S}.baseline_seq`);
  const out: Record<string, unknown> = {};
  for (const clients of [1, 4, 16]) {
    const total = clients * 150;
    const ROUNDS = 3;
    const pool = new pg.Pool({ connectionString: URL_, max: clients });
    const store = createPostgresStore({ pool }, { schema: SCHEMA });
    const customer = await store.directory.addCustomer({ name: 'Bench', email: `bench${clients}@example.test` });
    const user = await store.directory.addUser({ name: 'Agent', email: `agent${clients}@example.test`, role: 'staff' });
    const ticketing = createTicketing({ store, blobs: createMemoryBlobStore() });
    const actor = { id: user.id, role: 'staff' as const };

    const rawCreate = async () => {
      const client = await pool.connect();
      try {
        const t = ticket(0);
        await client.query('begin');
        const { rows } = await client.query(
          `insert into ${S}.baseline_tickets (sequence, ticket_number, subject, description, status, priority, priority_rank,
             category, customer_id, created_by_id, created_at, updated_at, tags)
           select s, 'TKT-' || lpad(s::text, 6, '0'), $1, $2, 'new', $3, $4, $5, $6, $7, $8, $8, $9
           from (select nextval('${S}.baseline_seq') as s) n returning id`,
          [t.subject, t.description, t.priority, priorityRank(t.priority), t.category, t.customerId, t.createdById, t.createdAt, t.tags.join(', ')],
        );
        await client.query(
          `insert into ${S}.baseline_history (ticket_id, user_id, action, timestamp) values ($1, $2, 'created', $3)`,
          [rows[0].id, t.createdById, t.createdAt],
        );
        await client.query('commit');
      } finally {
        client.release();
      }
    };
    // How long each store create holds the counter row lock, as the client sees it: from the
    // counter UPDATE's answer to the end of the COMMIT (what every other creator waits for).
    const holds: number[] = [];
    const storeCreate = async () => {
      let locked = 0;
      await store.transaction(async (tx) => {
        const sequence = await tx.allocateTicketSequence();
        locked = performance.now();
        const created = await tx.insertTicket(ticket(sequence));
        await tx.insertHistory([
          { ticketId: created.id, userId: created.createdById, action: 'created', fieldName: null, oldValue: null, newValue: created.ticketNumber, timestamp: created.createdAt, isInternal: false },
        ]);
      }, { createsTicket: true });
      holds.push(performance.now() - locked);
    };
    const serviceCreate = () =>
      ticketing.tickets.create(actor, { subject: words(5), description: words(20), customerId: customer.id, priority: 'high' });
    // Interleaved rounds, so load from anything else on the machine hits all three alike.
    const elapsed = { raw: 0, store: 0, service: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [key, fn] of [['raw', rawCreate], ['store', storeCreate], ['service', serviceCreate]] as const) {
        elapsed[key] += total / ROUNDS / (await throughput(clients, total / ROUNDS, fn));
      }
    }
    const raw = total / elapsed.raw;
    const storeTx = total / elapsed.store;
    const service = total / elapsed.service;
    out[`clients_${clients}`] = {
      raw_pg_per_s: round(raw, 0),
      store_per_s: round(storeTx, 0),
      service_per_s: round(service, 0),
      store_vs_raw: round(storeTx / raw),
      counter_lock_hold_ms_p50: round(pct([...holds].sort((a, b) => a - b), 50)),
      service_vs_raw: round(service / raw),
    };
    log(`creates, ${String(clients).padStart(2)} clients: raw pg ${round(raw, 0)}/s, store ${round(storeTx, 0)}/s (${round(storeTx / raw)}×, counter lock held ${round(pct([...holds].sort((a, b) => a - b), 50))} ms p50), service ${round(service, 0)}/s (${round(service / raw)}×)`);
    await store.close();
    await pool.end();
  }
  // Every create above went through the gapless counter: the numbers must be 1..n with no hole.
  const check = await q(`select count(*)::int as n, max(sequence)::int as m from ${S}.tickets`);
  if (check.rows[0].n !== check.rows[0].m) throw new Error(`numbering has gaps: ${JSON.stringify(check.rows[0])}`);
  await q(`drop table ${S}.baseline_tickets, ${S}.baseline_history; drop sequence ${S}.baseline_seq`);
  return out;
}

// ---------- 2. bulk seed ----------
const COLUMNS: [string, string, (t: NewTicket) => unknown][] = [
  ['sequence', 'bigint', (t) => t.sequence],
  ['ticket_number', 'text', (t) => t.ticketNumber],
  ['subject', 'text', (t) => t.subject],
  ['description', 'text', (t) => t.description],
  ['status', 'text', (t) => t.status],
  ['priority', 'text', (t) => t.priority],
  ['priority_rank', 'smallint', (t) => priorityRank(t.priority)],
  ['category', 'text', (t) => t.category],
  ['customer_id', 'bigint', (t) => t.customerId],
  ['assigned_to_id', 'bigint', (t) => t.assignedToId],
  ['created_by_id', 'bigint', (t) => t.createdById],
  ['created_at', 'timestamptz', (t) => t.createdAt.toISOString()],
  ['updated_at', 'timestamptz', (t) => t.updatedAt.toISOString()],
  ['resolved_at', 'timestamptz', (t) => t.resolvedAt?.toISOString() ?? null],
  ['closed_at', 'timestamptz', (t) => t.closedAt?.toISOString() ?? null],
  ['due_date', 'timestamptz', (t) => t.dueDate?.toISOString() ?? null],
  ['estimated_hours', 'numeric', (t) => t.estimatedHours],
  ['tags', 'text', (t) => t.tags.join(', ')],
];

async function seed(rareTerms: string[]) {
  await q(`truncate ${S}.tickets cascade`);
  const indexes = (
    await q(
      // The tickets' secondary indexes and the search vocabulary's (a trigger fills it as rows arrive).
      `select indexname, indexdef from pg_indexes where schemaname = $1
       and tablename in ('tickets', 'search_vocabulary')
       and indexname not like '%\\_pkey' and indexname not like '%\\_key'`,
      [SCHEMA],
    )
  ).rows as { indexname: string; indexdef: string }[];
  for (const { indexname } of indexes) await q(`drop index ${S}."${indexname}"`);

  const BATCH = 5000;
  const insert = `insert into ${S}.tickets (${COLUMNS.map(([c]) => c).join(', ')})
    select * from unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`;
  let nextSeq = 1;
  const [, loadMs] = await timed(async () => {
    const worker = async () => {
      while (nextSeq <= TICKETS) {
        const from = nextSeq;
        nextSeq += BATCH;
        const batch = Array.from({ length: Math.min(BATCH, TICKETS - from + 1) }, (_, k) => ticket(from + k));
        // Remember a few rare codes (the description's `ref` code) to search for later.
        if (rareTerms.length < 200 && from % 20_000 === 1) rareTerms.push(batch[7]!.description.slice(-8, -2));
        await q(insert, COLUMNS.map(([, , get]) => batch.map(get)));
      }
    };
    await Promise.all([worker(), worker()]);
  });
  await q(`update ${S}.counters set value = $1`, [TICKETS]);
  const indexMs: Record<string, number> = {};
  const client = await admin.connect();
  try {
    await client.query(`set maintenance_work_mem = '512MB'`);
    for (const { indexname, indexdef } of indexes) indexMs[indexname] = round((await timed(() => client.query(indexdef)))[1], 0);
    // Every table the seed wrote in bulk. The per-day and running totals were upserted once per
    // seeded batch, leaving ≈ 450,000 dead row versions that autovacuum (20 % dead) clears within
    // a minute in a live system; measured before it ran, a one-month list read 16,000 pages of
    // them (p95 45 ms instead of 9).
    const [, vacuumMs] = await timed(() =>
      client.query(`vacuum analyze ${S}.tickets, ${S}.search_vocabulary, ${S}.ticket_day_counts, ${S}.ticket_counts`),
    );
    indexMs.vacuum_analyze = round(vacuumMs, 0);
  } finally {
    client.release();
  }
  const size = (await q(`select pg_size_pretty(pg_total_relation_size('${S}.tickets')) as s`)).rows[0].s;
  const out = { rows: TICKETS, load_ms: round(loadMs, 0), rows_per_s: round(TICKETS / (loadMs / 1000), 0), index_build_ms: indexMs, total_size: size };
  log(`seeded ${TICKETS} tickets in ${round(loadMs / 1000, 1)} s (${out.rows_per_s}/s); indexes ${round(Object.values(indexMs).reduce((a, b) => a + b, 0) / 1000, 1)} s; table+indexes ${size}`);
  return out;
}

// ---------- 3. queries at scale ----------
async function queries(rareTerms: string[]) {
  const pool = new pg.Pool({ connectionString: URL_, max: 4 });
  const store = createPostgresStore({ pool }, { schema: SCHEMA });
  const list = (filter: TicketFilter) =>
    store.listTickets({ filter, ordering: { field: 'created_at', direction: 'desc' }, page: { offset: 0, limit: 25 }, now: NOW });
  const month = (i: number) => new Date(NOW.getTime() - (30 + (i % 12) * 30) * DAY);
  const filters: [string, (i: number) => TicketFilter][] = [
    ['list (no filter)', () => ({})],
    ['list status=open', () => ({ status: 'open' })],
    ['list status=closed', () => ({ status: 'closed' })],
    ['list priority=high', () => ({ priority: 'high' })],
    ['list category=billing', () => ({ category: 'billing' })],
    ['list customer=<id>', (i) => ({ customerId: 1 + ((i * 37) % 5000) })],
    ['list assigned_to=<id> (my_tickets)', (i) => ({ assignedToId: 1 + ((i * 7) % 200) })],
    ['list unassigned=true', () => ({ unassigned: true })],
    ['list overdue=true', () => ({ overdue: true })],
    ['list created in one month', (i) => ({ createdAfter: month(i), createdBefore: new Date(month(i).getTime() + 30 * DAY) })],
    ['list status=open & priority=urgent', () => ({ status: 'open', priority: 'urgent' })],
  ];
  const out: Record<string, unknown> = {};
  for (const [label, filter] of filters) out[label] = await latency(label, (i) => list(filter(i)));
  // Other orderings and a deep page (informational; the targets are about filters).
  out['list status=open, ordering -priority'] = await latency('list status=open, ordering -priority', () =>
    store.listTickets({ filter: { status: 'open' }, ordering: { field: 'priority', direction: 'desc' }, page: { offset: 0, limit: 25 }, now: NOW }),
  );
  out['list ordering due_date, page 81'] = await latency('list ordering due_date, page 81', () =>
    store.listTickets({ filter: {}, ordering: { field: 'due_date', direction: 'asc' }, page: { offset: 2000, limit: 25 }, now: NOW }),
  );
  out['search rare term'] = await latency('search rare term', (i) => list({ searchTerms: [rareTerms[i % rareTerms.length]!] }));
  out['search rare term + 2-char term'] = await latency('search rare term + 2-char term', (i) =>
    list({ searchTerms: [rareTerms[i % rareTerms.length]!, rareTerms[i % rareTerms.length]!.slice(1, 3)] }),
  );
  out['search rare term + status=open'] = await latency('search rare term + status=open', (i) =>
    list({ searchTerms: [rareTerms[i % rareTerms.length]!], status: 'open' }),
  );
  // WORDS[5] is in ~23 % of tickets, WORDS[6] in ~21 %; WORDS[4] is a whole word in ~26 % and a
  // substring of other words in ~47 %; two-character terms occur only inside the reference codes (~1 %).
  out['search common word'] = await latency('search common word (~23 %)', () => list({ searchTerms: [WORDS[5]!] }), 20);
  out['search two common words'] = await latency('search two common words', () => list({ searchTerms: [WORDS[5]!, WORDS[6]!] }), 20);
  out['search common substring'] = await latency('search common substring (~47 %)', () => list({ searchTerms: [WORDS[4]!] }), 20);
  out['search common word + status=open'] = await latency('search common word + status=open', () =>
    list({ searchTerms: [WORDS[5]!], status: 'open' }), 20);
  out['search 2-char terms only'] = await latency('search 2-char terms only', (i) => list({ searchTerms: [['zq', 'ui', 'qa'][i % 3]!] }), 20);
  out['search two 2-char terms'] = await latency('search two 2-char terms', () => list({ searchTerms: ['zq', 'ui'] }), 20);
  const stats = (filter: TicketFilter) => store.statistics(filter, { now: NOW, mine: { assignedToId: 17 } });
  out['statistics (no filter)'] = await latency('statistics (no filter)', () => stats({}), 15);
  out['statistics status=open'] = await latency('statistics status=open', () => stats({ status: 'open' }), 15);
  out['statistics customer=<id>'] = await latency('statistics customer=<id>', (i) => stats({ customerId: 1 + i }), 15);
  out['statistics created in one month'] = await latency('statistics created in one month', (i) =>
    stats({ createdAfter: month(i), createdBefore: new Date(month(i).getTime() + 30 * DAY) }), 15);
  out['statistics created in the last year'] = await latency('statistics created in the last year', () =>
    stats({ createdAfter: new Date(NOW.getTime() - 365 * DAY) }), 15);

  const explainTerm = rareTerms[0]!;
  const explain = await q(
    `explain (analyze, buffers off, costs off, timing off)
     select * from ${S}.tickets
     where lower(ticket_number || ' ' || subject || ' ' || description || ' ' || tags) like $1 escape '\\'
     order by created_at desc, id desc limit 25`,
    [`%${explainTerm}%`],
  );
  out.explain_rare_search = explain.rows.map((r) => r['QUERY PLAN']).join('\n');
  log(`EXPLAIN rare-term search "${explainTerm}":\n${out.explain_rare_search as string}`);
  await store.close();
  await pool.end();
  return out;
}

async function main() {
  const setup = createPostgresStore({ connectionString: URL_ }, { schema: SCHEMA });
  await setup.migrate();
  await setup.close();
  const server = (await q('select version() as v')).rows[0].v as string;
  results.server = server;
  log(`${server}\nschema ${SCHEMA}, ${TICKETS} tickets`);
  try {
    if (REUSE) {
      // The rare codes the seed remembered: batch[7] of every 20,000th batch start.
      const rare = await q(`select substr(right(description, 8), 1, 6) as t from ${S}.tickets where sequence % 20000 = 8 order by sequence limit 200`);
      results.queries = await queries(rare.rows.map((r) => r.t as string));
    } else {
      if (arg('skip-creates', 0) !== 1) results.creates = await createsPerSecond();
    }
    if (!REUSE && arg('creates-only', 0) !== 1) {
      const rareTerms: string[] = [];
      results.seed = await seed(rareTerms);
      results.queries = await queries(rareTerms);
    }
  } finally {
    if (REUSE || arg('keep', 0) === 1) log(`kept schema ${SCHEMA}`);
    else await q(`drop schema ${S} cascade`);
    await admin.end();
  }
  log(JSON.stringify(results, null, 2));
}

await main();
