import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QueryTimeoutError, type TicketQuery } from '@tessera/core';
import { openSqliteStore, type SqliteStore } from '@tessera/store-sqlite';

const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-budget-'));
const open: SqliteStore[] = [];
let files = 0;
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

const TEXT =
  'the printer on the third floor and the network switch near the kitchen stopped working again after the update; ' +
  'please check the cables, the power supply and the configuration of the router before calling the vendor';
/** 32 terms (the most a search may have), each found in every ticket: the FTS5 worst case. */
const TERMS = [
  'the', 'printer', 'third', 'floor', 'and', 'network', 'switch', 'near', 'kitchen', 'stopped', 'working', 'again',
  'after', 'update', 'please', 'check', 'cables', 'power', 'supply', 'configuration', 'router', 'before', 'calling',
  'vendor', 'print', 'netw', 'kitch', 'stop', 'work', 'updat', 'cabl', 'suppl',
];

/** A file with `n` tickets that all match {@link TERMS}, written straight through SQL (fast). */
async function seeded(n: number): Promise<string> {
  const filename = join(dir, `budget-${n}-${++files}.db`);
  const store = await openSqliteStore({ filename, queryTimeoutMs: 0 });
  store.database.exec(`
    WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${n})
    INSERT INTO tessera_tickets (sequence, ticket_number, subject, description, status, priority, priority_rank,
      category, customer_id, created_by_id, created_at, updated_at, tags, version)
    SELECT i, 'TKT-' || i, 'printer and network down ' || i, '${TEXT}', 'open', 'medium', 2, 'general', 1, 1,
      i * 1000, i * 1000, '', 1 FROM seq`);
  await store.close();
  return filename;
}

let seeding: Promise<string> | undefined;
/**
 * One seeded file for the whole file's tests (seeding with the search index takes seconds). Enough
 * tickets that the worst-case search takes well over twice the smallest budget (50 ms) on a busy
 * machine: 20,000 once took 89 ms, 40,000 here 166 ms.
 */
const TICKETS = 80_000;
const file = () => (seeding ??= seeded(TICKETS));

const search = (terms: string[]): TicketQuery => ({
  filter: { searchTerms: terms },
  ordering: { field: 'created_at', direction: 'desc' },
  page: { offset: 0, limit: 25 },
  now: new Date(),
});

/** Runs `work` (started inside, so a synchronous store call is timed too) and times it. */
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const started = performance.now();
  try {
    const value = await work();
    return { ms: performance.now() - started, value };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

describe('SQLite store: query time budget', () => {
  it('stops a search over budget with QueryTimeoutError while the main thread keeps answering', async () => {
    const filename = await file();
    const unbudgeted = await openSqliteStore({ filename, queryTimeoutMs: 0 });
    open.push(unbudgeted);
    const full = await timed(() => unbudgeted.listTickets(search(TERMS)));
    expect(full.value!.count).toBe(TICKETS);
    // Hundreds of ms on the main thread, blocking it; the budget is a fraction of that.
    const budgetMs = Math.max(50, Math.floor(full.ms / 4));
    expect(full.ms).toBeGreaterThan(budgetMs * 2);
    const store = await openSqliteStore({ filename, queryTimeoutMs: budgetMs });
    open.push(store);
    // A quick search first: the workers are up and answer correctly through the budget path.
    const quick = await store.listTickets(search(['tkt-19999']));
    expect(quick.rows.map((t) => t.ticketNumber)).toEqual(['TKT-19999']);

    const slow = timed(() => store.listTickets(search(TERMS)));
    // While it runs, reads on the main connection answer (a request for one ticket, /healthz's query).
    const meanwhile = await timed(() => Promise.all([store.getTicket(1), store.directory.countUsers()]));
    expect(meanwhile.value![0]!.ticketNumber).toBe('TKT-1');
    const outcome = await slow;
    expect(outcome.error).toBeInstanceOf(QueryTimeoutError);
    expect((outcome.error as QueryTimeoutError).budgetMs).toBe(budgetMs);
    expect(outcome.ms).toBeGreaterThanOrEqual(budgetMs - 5);
    // Stopped, not finished: it ends before the whole query would have (the budget is a quarter of
    // that). A fixed margin over the budget failed on a loaded machine; this bound scales with it.
    expect(outcome.ms).toBeLessThan(full.ms);
    expect(meanwhile.ms).toBeLessThan(outcome.ms);

    // The pool recovers: the next search is answered by a fresh worker.
    expect((await store.listTickets(search(['tkt-12345']))).count).toBe(1);
  }, 60_000);

  it('runs percentiles on the pool: the same answer as the main connection, and the same budget', async () => {
    const filename = await file();
    const unbudgeted = await openSqliteStore({ filename, queryTimeoutMs: 0 });
    const pooled = await openSqliteStore({ filename, queryTimeoutMs: 10_000 });
    const tight = await openSqliteStore({ filename, queryTimeoutMs: 100 });
    open.push(unbudgeted, pooled, tight);
    const options = { hundredths: [5000, 10000], now: new Date() };
    const expected = await unbudgeted.percentiles({}, options);
    expect(expected.tickets).toBe(TICKETS);
    expect(await pooled.percentiles({}, options)).toEqual(expected);
    await expect(tight.percentiles({ searchTerms: TERMS }, options)).rejects.toBeInstanceOf(QueryTimeoutError);
  }, 60_000);

  it('gives statistics with search the same budget', async () => {
    const store = await openSqliteStore({ filename: await file(), queryTimeoutMs: 100 });
    open.push(store);
    await expect(store.statistics({ searchTerms: TERMS }, { now: new Date(), mine: { assignedToId: 1 } })).rejects.toBeInstanceOf(
      QueryTimeoutError,
    );
  }, 60_000);
});
