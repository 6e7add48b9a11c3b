/**
 * `pnpm bench:sqlite` — @tessera/store-sqlite against raw better-sqlite3 in the same run.
 *
 *   node --conditions=dev-source --import tsx bench/sqlite.bench.ts [--tickets N] [--ops N] [--samples N]
 *     [--skip-writes] [--skip-queries]   (TESSERA_BENCH_KEEP=1 keeps the files; TESSERA_BENCH_DB=<file> reuses one)
 *
 * 1. Writes/reads: raw prepared statements (BEGIN IMMEDIATE, sequence bump, ticket row whose FTS
 *    row follows by trigger, history row, COMMIT; one row fetch per get) vs the store and the
 *    service (`createTicketing`), each on a fresh database file with the same schema and pragmas.
 *    The service writes a `ticket.created` outbox row per create by default; the raw path does
 *    not, so creates are also measured as service without the outbox vs raw, and service with
 *    it vs raw that inserts the same outbox row (its JSON built from the same values).
 * 2. Seeds `--tickets` tickets (default 1,000,000; env TESSERA_BENCH_TICKETS) through a bulk path
 *    (raw batched inserts; timed separately), then p50/p95 of list/search/statistics through the
 *    service. Results are printed as a table and as JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createMemoryBlobStore,
  createTicketing,
  formatTicketNumber,
  priorityRank,
  TICKET_PRIORITIES,
  type Actor,
  type TicketListQuery,
  type TicketPriority,
  type TicketStatus,
} from '@tessera/core';
import { openSqliteStore, type SqliteStore } from '@tessera/store-sqlite';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const env = process.env[`TESSERA_BENCH_${name.toUpperCase()}`];
  const raw = i >= 0 ? process.argv[i + 1] : env;
  return raw ? Number(raw.replaceAll('_', '')) : fallback;
};
const TICKETS = arg('tickets', 1_000_000);
const OPS = arg('ops', 20_000);
const SAMPLES = arg('samples', 200);
const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-bench-'));
const results: Record<string, unknown> = {
  tickets: TICKETS,
  ops: OPS,
  samples: SAMPLES,
  node: process.version,
  cpus: cpus().length,
  // Other processes share the machine: the 1-minute load average puts p95s in context.
  loadAverageAtStart: +loadavg()[0]!.toFixed(2),
};

// ---------- deterministic data ----------
let seed = 0x2545f491;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const weighted = <T>(pairs: readonly (readonly [T, number])[]): T => {
  let r = rand() * pairs.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of pairs) if ((r -= w) < 0) return v;
  return pairs[pairs.length - 1]![0];
};
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ro', 'sa', 'tu', 'vi', 'ze', 'por', 'lin', 'dex', 'gra', 'shu', 'ten', 'qua'];
// 3,000 pseudo-words; Zipf-like use (index drawn as rand()^3) so a few are common, most are rare.
const WORDS = Array.from({ length: 3000 }, () => Array.from({ length: 2 + Math.floor(rand() * 3) }, () => pick(SYLLABLES)).join(''));
const word = () => WORDS[Math.floor(rand() ** 3 * WORDS.length)]!;
const SUBJECTS = ['Cannot login to', 'Error when opening', 'Billing question about', 'Feature request for', 'Crash in', 'Slow response from', 'Refund for', 'How do I configure'];
const PRODUCTS = ['dashboard', 'mobile app', 'invoice export', 'API', 'reports', 'checkout', 'settings page', 'SSO'];
const TAGS = Array.from({ length: 40 }, (_, i) => `tag${i}`);
const CATEGORIES = ['technical', 'billing', 'product', 'feature_request', 'bug', 'account', 'general', 'other'];
const STATUS_RECENT: [TicketStatus, number][] = [['new', 20], ['open', 25], ['in_progress', 15], ['pending', 10], ['resolved', 15], ['closed', 10], ['reopened', 5]];
const STATUS_OLD: [TicketStatus, number][] = [['open', 1], ['pending', 1], ['in_progress', 1], ['resolved', 30], ['closed', 66], ['reopened', 1]];
const PRIORITY: [TicketPriority, number][] = [['low', 20], ['medium', 40], ['high', 25], ['urgent', 10], ['critical', 5]];
const RARE_TERM = 'zyxwvut'; // planted in ~10 tickets
const COMMON_TERM = 'login'; // in roughly one subject in eight
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 0, 1);
const SPAN = 2 * 365 * DAY;
const CUSTOMERS = 5000;
const STAFF = 100;

// ---------- helpers ----------
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
async function sample(name: string, n: number, fn: (i: number) => Promise<unknown> | unknown) {
  for (let i = 0; i < Math.min(10, n); i++) await fn(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const r = { p50: +percentile(times, 50).toFixed(2), p95: +percentile(times, 95).toFixed(2), max: +times[times.length - 1]!.toFixed(2) };
  console.log(`${name.padEnd(44)} p50 ${String(r.p50).padStart(8)} ms   p95 ${String(r.p95).padStart(8)} ms   max ${r.max} ms`);
  return r;
}
/**
 * Ops/s of each path, measured in interleaved rounds (A, B, C, A, B, C, …) so that load from
 * other processes on a shared machine falls on every path alike.
 */
async function throughputs(paths: Record<string, (i: number) => Promise<unknown> | unknown>, n: number, rounds = 10) {
  const elapsed: Record<string, number> = Object.fromEntries(Object.keys(paths).map((k) => [k, 0]));
  const per = Math.ceil(n / rounds);
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(paths)) {
      const t0 = performance.now();
      for (let i = r * per; i < (r + 1) * per; i++) await fn(i);
      elapsed[name]! += performance.now() - t0;
    }
  }
  const rates: Record<string, number> = {};
  for (const name of Object.keys(paths)) {
    rates[name] = (per * rounds) / (elapsed[name]! / 1000);
    console.log(`${name.padEnd(44)} ${Math.round(rates[name]!).toLocaleString('en-US').padStart(10)} ops/s`);
  }
  return rates;
}
const ratio = (a: number, b: number) => +(a / b).toFixed(3);

async function newStore(name: string): Promise<SqliteStore> {
  const store = await openSqliteStore({ filename: join(dir, `${name}.db`) });
  for (let c = 0; c < CUSTOMERS; c++) await store.directory.addCustomer({ name: `Customer ${c}`, email: `c${c}@example.test` });
  for (let u = 0; u < STAFF; u++) await store.directory.addUser({ name: `Staff ${u}`, email: `s${u}@example.test`, role: 'staff' });
  return store;
}
const staff = (id: number): Actor => ({ id, role: 'staff' });
const createInput = (i: number) => ({
  subject: `${pick(SUBJECTS)} ${pick(PRODUCTS)} #${i}`,
  description: Array.from({ length: 25 }, word).join(' '),
  priority: weighted(PRIORITY),
  category: pick(CATEGORIES),
  customerId: 1 + (i % CUSTOMERS),
  assignedToId: 1 + (i % STAFF),
  tags: [pick(TAGS), pick(TAGS)],
});

// ---------- 1. writes and reads vs raw ----------
const TICKET_COLUMNS = ['sequence', 'ticket_number', 'subject', 'description', 'status', 'priority', 'priority_rank', 'category', 'customer_id', 'assigned_to_id', 'created_by_id', 'created_at', 'updated_at', 'resolved_at', 'closed_at', 'due_date', 'estimated_hours', 'actual_hours', 'tags', 'first_response_at', 'version'];
const INSERT_TICKET = `INSERT INTO tessera_tickets (${TICKET_COLUMNS.join(', ')}) VALUES (${TICKET_COLUMNS.map(() => '?').join(', ')}) RETURNING id`;
const INSERT_HISTORY = 'INSERT INTO tessera_history (ticket_id, user_id, action, field_name, old_value, new_value, timestamp, is_internal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

async function writesAndReads() {
  console.log(`\n== creates (${OPS.toLocaleString('en-US')}) and gets, fresh files ==`);
  const raw = await newStore('raw');
  const db = raw.database;
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const bump = db.prepare(`UPDATE tessera_sequences SET value = value + 1 WHERE name = 'ticket' RETURNING value`);
  const insertTicket = db.prepare(INSERT_TICKET);
  const insertHistory = db.prepare(INSERT_HISTORY);
  // What the store does for search before its COMMIT: the ticket's words into the word index (here
  // the index's tokenizer splits the text), the ticket off the pending list its trigger put it on.
  const indexWords = db.prepare('INSERT INTO tessera_ticket_words (rowid, text) VALUES (?, ?)');
  const unpend = db.prepare('DELETE FROM tessera_search_words_pending WHERE ticket_id = ?');
  const words = (id: number, number: string, t: ReturnType<typeof createInput>) => {
    indexWords.run(id, `${number} ${t.subject} ${t.description} ${t.tags.join(', ')}`);
    unpend.run(id);
  };
  const rawCreate = (i: number) => {
    const t = createInput(i);
    const now = Date.now();
    begin.run();
    const sequence = (bump.get() as { value: number }).value;
    const number = formatTicketNumber(sequence);
    const { id } = insertTicket.get(sequence, number, t.subject, t.description, 'new', t.priority, priorityRank(t.priority), t.category, t.customerId, t.assignedToId, 1, now, now, null, null, null, null, null, t.tags.join(', '), null, 1) as { id: number };
    insertHistory.run(id, 1, 'created', null, null, number, now, 0);
    words(id, number, t);
    commit.run();
    return { id, sequence, number, t, now };
  };
  const insertOutbox = db.prepare('INSERT INTO tessera_outbox (type, occurred_at, data, internal, subscription_id) VALUES (?, ?, ?, ?, ?)');
  // The same statements plus the outbox row the service writes (type, time, the ticket's JSON).
  const rawCreateWithOutbox = (i: number) => {
    const t = createInput(i);
    const now = Date.now();
    const at = new Date(now);
    begin.run();
    const sequence = (bump.get() as { value: number }).value;
    const number = formatTicketNumber(sequence);
    const { id } = insertTicket.get(sequence, number, t.subject, t.description, 'new', t.priority, priorityRank(t.priority), t.category, t.customerId, t.assignedToId, 1, now, now, null, null, null, null, null, t.tags.join(', '), null, 1) as { id: number };
    insertHistory.run(id, 1, 'created', null, null, number, now, 0);
    words(id, number, t);
    const ticket = { id, sequence, ticketNumber: number, subject: t.subject, description: t.description, status: 'new', priority: t.priority, category: t.category, customerId: t.customerId, assignedToId: t.assignedToId, createdById: 1, createdAt: at, updatedAt: at, resolvedAt: null, closedAt: null, dueDate: null, estimatedHours: null, actualHours: null, tags: t.tags, firstResponseAt: null, version: 1 };
    insertOutbox.run('ticket.created', now, JSON.stringify({ ticket, actorId: 1 }), 0, null);
    commit.run();
  };
  const store = await newStore('store');
  const ticketing = createTicketing({ store, blobs: createMemoryBlobStore(), categories: CATEGORIES });
  const withoutOutbox = createTicketing({ store, blobs: createMemoryBlobStore(), categories: CATEGORIES, outbox: false });
  const actor = staff(1);
  const storeOnly = await newStore('store-only');
  const storeCreate = async (i: number) => {
    const t = createInput(i);
    const now = new Date();
    await storeOnly.transaction(async (tx) => {
      const sequence = await tx.allocateTicketSequence();
      const ticket = await tx.insertTicket({ sequence, ticketNumber: formatTicketNumber(sequence), subject: t.subject, description: t.description, status: 'new', priority: t.priority, category: t.category, customerId: t.customerId, assignedToId: t.assignedToId, createdById: 1, createdAt: now, updatedAt: now, resolvedAt: null, closedAt: null, dueDate: null, estimatedHours: null, actualHours: null, tags: t.tags, firstResponseAt: null, version: 1 });
      await tx.insertHistory([{ ticketId: ticket.id, userId: 1, action: 'created', fieldName: null, oldValue: null, newValue: ticket.ticketNumber, timestamp: now, isInternal: false }]);
    });
  };
  // Warm all three paths, then measure; the order rotates so no path always runs first.
  for (let i = 0; i < 200; i++) {
    rawCreate(i);
    rawCreateWithOutbox(i);
    await storeCreate(i);
    await ticketing.tickets.create(actor, createInput(i));
    await withoutOutbox.tickets.create(actor, createInput(i));
  }
  const creates = await throughputs(
    {
      'create: raw better-sqlite3': (i) => rawCreate(1000 + i),
      'create: store port (transaction)': (i) => storeCreate(1000 + i),
      'create: service tickets.create': (i) => ticketing.tickets.create(actor, createInput(1000 + i)),
      'create: raw + outbox row': (i) => rawCreateWithOutbox(1000 + i),
      'create: service, outbox off': (i) => withoutOutbox.tickets.create(actor, createInput(1000 + i)),
    },
    OPS,
  );
  const [rawRate, storeRate, serviceRate, rawOutboxRate, serviceNoOutboxRate] = Object.values(creates) as number[] as [number, number, number, number, number];

  const getRow = db.prepare('SELECT * FROM tessera_tickets WHERE id = ?');
  const n = OPS + 200;
  const ids = Array.from({ length: OPS }, () => 1 + Math.floor(rand() * n));
  const gets = await throughputs(
    {
      'get: raw row fetch': (i) => getRow.get(ids[i]),
      'get: store getTicket': (i) => store.getTicket(ids[i]!),
      'get: service tickets.get (detail)': (i) => ticketing.tickets.get(actor, ids[i]!),
    },
    OPS,
  );
  const [rawGet, storeGet, serviceGet] = Object.values(gets) as [number, number, number];
  results.writes = {
    rawCreatePerSec: Math.round(rawRate), storeCreatePerSec: Math.round(storeRate), serviceCreatePerSec: Math.round(serviceRate),
    serviceCreateRatio: ratio(serviceRate, rawRate), storeCreateRatio: ratio(storeRate, rawRate),
    // Like for like: the service's own overhead over the same rows written raw.
    serviceWithoutOutboxCreateRatio: ratio(serviceNoOutboxRate, rawRate),
    serviceCreateVsRawWithOutboxRatio: ratio(serviceRate, rawOutboxRate),
    rawGetPerSec: Math.round(rawGet), storeGetPerSec: Math.round(storeGet), serviceGetPerSec: Math.round(serviceGet),
    storeGetRatio: ratio(storeGet, rawGet), serviceGetRatio: ratio(serviceGet, rawGet),
  };
  console.log('ratios vs raw:', results.writes);
  for (const s of [raw, store, storeOnly]) await s.close();
}

// ---------- 2. seeding ----------
async function seedTickets(store: SqliteStore): Promise<void> {
  const db = store.database;
  const insertTicket = db.prepare(INSERT_TICKET);
  const insertHistory = db.prepare(INSERT_HISTORY);
  const BATCH = 20_000;
  const t0 = performance.now();
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const seq = i + 1;
      const created = NOW - SPAN + Math.floor((i / TICKETS) * SPAN) + Math.floor(rand() * 60_000);
      const old = NOW - created > 30 * DAY;
      const status = weighted(old ? STATUS_OLD : STATUS_RECENT);
      const priority = weighted(PRIORITY);
      const resolved = status === 'resolved' || status === 'closed' ? created + Math.floor(rand() * 10 * DAY) + HOUR : null;
      const due = rand() < 0.6 ? created + Math.floor((1 + rand() * 29) * DAY) : null;
      const unassigned = rand() < 0.15;
      let subject = `${pick(SUBJECTS)} ${pick(PRODUCTS)}`;
      if (rand() < 0.125) subject = `${COMMON_TERM} fails: ${subject}`;
      let description = Array.from({ length: 20 + Math.floor(rand() * 20) }, word).join(' ');
      if (i % Math.max(1, Math.floor(TICKETS / 10)) === 7) description += ` ${RARE_TERM}`;
      const tags = rand() < 0.7 ? [...new Set([pick(TAGS), pick(TAGS)])].join(', ') : '';
      const number = formatTicketNumber(seq);
      const { id } = insertTicket.get(seq, number, subject, description, status, priority, priorityRank(priority), pick(CATEGORIES),
        1 + Math.floor(rand() * CUSTOMERS), unassigned ? null : 1 + Math.floor(rand() * STAFF), 1 + Math.floor(rand() * STAFF),
        created, resolved ?? created, resolved, status === 'closed' ? resolved : null, due, null, null, tags, null, 1) as { id: number };
      insertHistory.run(id, 1, 'created', null, null, number, created, 0);
    }
  });
  for (let from = 0; from < TICKETS; from += BATCH) {
    batch.immediate(from, Math.min(TICKETS, from + BATCH));
    if ((from / BATCH) % 10 === 9) process.stdout.write(`  seeded ${(from + BATCH).toLocaleString('en-US')}\r`);
  }
  db.prepare(`UPDATE tessera_sequences SET value = ? WHERE name = 'ticket'`).run(TICKETS);
  // Raw inserts leave every ticket on the word index's pending list (the store indexes words
  // before its own COMMITs, 1,024 tickets per commit): index them all at once and fill the
  // vocabulary from the index, as the migration that made the index does.
  db.exec(`CREATE VIRTUAL TABLE temp.words_vocabulary USING fts5vocab (main, tessera_ticket_words, 'row');
    BEGIN IMMEDIATE;
    INSERT INTO tessera_ticket_words (rowid, text)
      SELECT t.id, t.ticket_number || ' ' || t.subject || ' ' || t.description || ' ' || t.tags
      FROM tessera_search_words_pending p JOIN tessera_tickets t ON t.id = p.ticket_id;
    INSERT OR IGNORE INTO tessera_search_words (word) SELECT term FROM temp.words_vocabulary WHERE term GLOB '*[a-z]*';
    DELETE FROM tessera_search_words_pending;
    COMMIT;
    DROP TABLE temp.words_vocabulary;`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const seconds = (performance.now() - t0) / 1000;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  results.seeding = { seconds: +seconds.toFixed(1), ticketsPerSec: Math.round(TICKETS / seconds), databaseMiB: Math.round((pages * pageSize) / 2 ** 20) };
  console.log(`\nseeded ${TICKETS.toLocaleString('en-US')} tickets (+ history + FTS) in ${seconds.toFixed(1)} s`, results.seeding);
}

// ---------- 3. queries at scale ----------
async function queries() {
  // TESSERA_BENCH_DB=<file> re-measures a database seeded by an earlier run (kept with TESSERA_BENCH_KEEP=1).
  const reuse = process.env.TESSERA_BENCH_DB;
  const store = reuse ? await openSqliteStore({ filename: reuse }) : await newStore('large');
  if (reuse) results.reused = reuse;
  else await seedTickets(store);
  const clock = { now: () => new Date(NOW) };
  const ticketing = createTicketing({ store, blobs: createMemoryBlobStore(), categories: CATEGORIES, clock });
  const actor = staff(7);
  const statuses: TicketStatus[] = ['new', 'open', 'in_progress', 'pending', 'resolved', 'closed', 'reopened'];
  const list = (q: (i: number) => TicketListQuery) => (i: number) => ticketing.tickets.list(actor, q(i));
  console.log(`\n== list page 1 (25 rows, -created_at), ${SAMPLES} samples each, values rotate ==`);
  const r: Record<string, unknown> = {};
  r['no filter'] = await sample('no filter', SAMPLES, list(() => ({})));
  r['status'] = await sample('status=<each status>', SAMPLES, list((i) => ({ status: statuses[i % statuses.length] })));
  r['priority'] = await sample('priority=<each priority>', SAMPLES, list((i) => ({ priority: TICKET_PRIORITIES[i % 5] })));
  r['category'] = await sample('category=<each category>', SAMPLES, list((i) => ({ category: CATEGORIES[i % 8] })));
  r['customer'] = await sample('customer=<random>', SAMPLES, list(() => ({ customerId: 1 + Math.floor(rand() * CUSTOMERS) })));
  r['assigned_to'] = await sample('assigned_to=<random staff>', SAMPLES, list(() => ({ assignedToId: 1 + Math.floor(rand() * STAFF) })));
  r['my_tickets'] = await sample('my_tickets=true', SAMPLES, list(() => ({ myTickets: true })));
  r['unassigned'] = await sample('unassigned=true', SAMPLES, list(() => ({ unassigned: true })));
  r['overdue'] = await sample('overdue=true', SAMPLES, list(() => ({ overdue: true })));
  r['created_after'] = await sample('created_after=<30..300 days ago>', SAMPLES, list((i) => ({ createdAfter: new Date(NOW - (30 + (i % 10) * 30) * DAY) })));
  r['created_before'] = await sample('created_before=<1 year ago>', SAMPLES, list(() => ({ createdBefore: new Date(NOW - 365 * DAY) })));
  r['status+priority'] = await sample('status=<each> & priority=<each>', SAMPLES, list((i) => ({ status: statuses[i % 7], priority: TICKET_PRIORITIES[i % 5] })));
  r['search rare'] = await sample(`search="${RARE_TERM}" (rare)`, SAMPLES, list(() => ({ search: RARE_TERM })));
  r['search common'] = await sample(`search="${COMMON_TERM}" (common)`, Math.min(SAMPLES, 50), list(() => ({ search: COMMON_TERM })));
  r['search two common'] = await sample(`search="${COMMON_TERM} fails" (two common terms)`, Math.min(SAMPLES, 50), list(() => ({ search: `${COMMON_TERM} fails` })));
  r['search short'] = await sample('search="zq" (2 chars)', Math.min(SAMPLES, 50), list(() => ({ search: 'zq' })));
  r['search short each'] = await sample('search=<zq | ui | qa> (2 chars)', Math.min(SAMPLES, 60), list((i) => ({ search: ['zq', 'ui', 'qa'][i % 3] })));
  r['statistics'] = await sample('statistics, unfiltered', Math.min(SAMPLES, 30), () => ticketing.tickets.statistics(actor));
  r['statistics status'] = await sample('statistics, status=<each>', Math.min(SAMPLES, 30), (i) => ticketing.tickets.statistics(actor, { status: statuses[i % 7] }));
  r['statistics priority'] = await sample('statistics, priority=<each>', Math.min(SAMPLES, 30), (i) => ticketing.tickets.statistics(actor, { priority: TICKET_PRIORITIES[i % 5] }));
  // Not in the targets: filters the running totals cannot answer.
  r['statistics created_after'] = await sample('statistics, created_after=<90 days ago>', Math.min(SAMPLES, 30), () => ticketing.tickets.statistics(actor, { createdAfter: new Date(NOW - 90 * DAY) }));
  r['statistics customer'] = await sample('statistics, customer=<random>', Math.min(SAMPLES, 30), () => ticketing.tickets.statistics(actor, { customerId: 1 + Math.floor(rand() * CUSTOMERS) }));
  r['statistics search rare'] = await sample(`statistics, search="${RARE_TERM}"`, Math.min(SAMPLES, 30), () => ticketing.tickets.statistics(actor, { search: RARE_TERM }));
  results.queries = r;
  await store.close();
}

const KEEP = process.env.TESSERA_BENCH_KEEP === '1'; // keep the database files (for EXPLAIN sessions)
try {
  if (!process.argv.includes('--skip-writes')) await writesAndReads();
  if (!process.argv.includes('--skip-queries')) await queries();
  results.peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  results.loadAverageAtEnd = +loadavg()[0]!.toFixed(2);
  console.log(`\npeak RSS ${results.peakRssMiB} MiB`);
  console.log('\nJSON ' + JSON.stringify(results));
} finally {
  if (KEEP) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
