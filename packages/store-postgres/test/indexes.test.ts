import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { TicketFilter } from '@tessera/core';
import { createPostgresStore } from '../src/index.js';
import { PG_URL, pgAvailable, useTestSchema } from './pg-test-schema.js';

const ROWS = 30_000;

/** A pool that records the SQL the store sends, so the test can EXPLAIN exactly those queries. */
function recordingPool(log: { text: string; values: unknown[] }[]): pg.Pool {
  const pool = new pg.Pool({ connectionString: PG_URL, max: 2 });
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  (pool as unknown as { connect: () => Promise<pg.PoolClient> }).connect = async () => {
    const client = await connect();
    const query = client.query.bind(client) as (config: { text: string; values: unknown[] }) => unknown;
    (client as unknown as { query: unknown }).query = (config: { text: string; values: unknown[] }) => {
      log.push({ text: config.text, values: config.values });
      return query(config);
    };
    return client;
  };
  return pool;
}

describe.skipIf(!pgAvailable)('postgres store: queries use indexes', () => {
  const db = useTestSchema('indexes');

  it(`at ${ROWS} tickets, search, filters and ordering are planned on indexes, not sequential scans`, async () => {
    const seeded = await db.fresh();
    await seeded.close();
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    const s = `"${db.schema}"`;
    await admin.query(`
      insert into ${s}.tickets (sequence, ticket_number, subject, description, status, priority, priority_rank, category,
        customer_id, assigned_to_id, created_by_id, created_at, updated_at, due_date, tags)
      select i, 'TKT-' || lpad(i::text, 6, '0'), 'Subject ' || md5(i::text), 'Body ' || md5((i * 7)::text),
        (array['new','open','in_progress','pending','resolved','closed','reopened'])[1 + i % 7],
        (array['low','medium','high','urgent','critical'])[1 + i % 5], 1 + i % 5,
        (array['technical','billing','product','bug'])[1 + i % 4],
        1 + i % 500, case when i % 3 = 0 then null else 1 + i % 50 end, 1 + i % 50,
        timestamptz '2024-01-01' + i * interval '1 minute', timestamptz '2024-01-01' + i * interval '1 minute',
        case when i % 2 = 0 then timestamptz '2024-01-01' + i * interval '2 minute' end,
        'tag' || (i % 100)
      from generate_series(1, ${ROWS}) as i`);
    await admin.query(`update ${s}.counters set value = ${ROWS}`);
    await admin.query(`vacuum analyze ${s}.tickets`);

    const log: { text: string; values: unknown[] }[] = [];
    const pool = recordingPool(log);
    const store = createPostgresStore({ pool }, { schema: db.schema });
    const now = new Date('2024-01-15T00:00:00Z');
    const plan = async (filter: TicketFilter) => {
      log.length = 0;
      const page = await store.listTickets({ filter, ordering: { field: 'created_at', direction: 'desc' }, page: { offset: 0, limit: 25 }, now });
      // The page query, and a search's read of the vocabulary before it (same transaction).
      const queries = log.filter((q) => /order by|search_vocabulary/iu.test(q.text) && /^\s*(select|with)\b/iu.test(q.text));
      const plans = await Promise.all(queries.map((q) => admin.query(`explain (format json) ${q.text}`, q.values)));
      return { page, plan: plans.map((explained) => JSON.stringify(explained.rows[0]['QUERY PLAN'])).join('\n') };
    };

    try {
      // A rare term (present in one ticket): the trigram GIN index finds the page; its count goes
      // through the word index (the vocabulary's trigram index names the words containing the term).
      const target = await store.getTicket(12_345);
      const rare = target!.subject.slice(8, 20);
      const search = await plan({ searchTerms: [rare] });
      expect(search.page.rows.map((t) => t.id)).toEqual([12_345]);
      expect(search.plan).toContain('tickets_search_idx');
      expect(search.plan).toContain('tickets_words_idx');
      expect(search.plan).toContain('search_vocabulary_trgm_idx');
      expect(search.plan).not.toContain('Seq Scan');

      // A two-character term in one ticket (hex text never holds a `z`): the trigram index by its
      // neighbours, the vocabulary's index of words with other characters, and one pass for both
      // the count and the page.
      await admin.query(`update ${s}.tickets set subject = 'Printer zq-7 fault' where id = 23456`);
      // As autovacuum would after such a load: the vocabulary's statistics make its indexes worth reading.
      await admin.query(`analyze ${s}.tickets, ${s}.search_vocabulary`);
      const pair = await plan({ searchTerms: ['zq'] });
      expect(pair.page).toMatchObject({ count: 1 });
      expect(pair.page.rows.map((t) => t.id)).toEqual([23_456]);
      expect(pair.plan).toContain('tickets_search_idx');
      expect(pair.plan).toContain('search_vocabulary_other_idx');
      expect(pair.plan).not.toContain('Seq Scan');
      const both = await plan({ searchTerms: [rare, rare.slice(0, 2)] });
      expect(both.page.rows.map((t) => t.id)).toEqual([12_345]);
      expect(both.plan).not.toMatch(/"Node Type":"Seq Scan"[^{}]*"Relation Name":"tickets"/u);

      const byStatus = await plan({ status: 'pending' });
      expect(byStatus.page.count).toBe(Array.from({ length: ROWS }, (_, k) => (k + 1) % 7).filter((r) => r === 3).length);
      // Either the (status, created_at) index or a backward walk of created_at: never a table scan.
      expect(byStatus.plan).toMatch(/tickets_(status|created)_idx/u);

      const unassigned = await plan({ unassigned: true });
      expect(unassigned.plan).toMatch(/tickets_(unassigned|created)_idx/u);

      const customer = await plan({ customerId: 42 });
      expect(customer.page.count).toBe(ROWS / 500);
      expect(customer.plan).toContain('tickets_customer_idx');
      // The page and its count are one statement: the count may scan the small running-totals
      // table, never the tickets.
      for (const { plan: p } of [byStatus, unassigned, customer]) {
        expect(p).not.toMatch(/"Node Type":"Seq Scan"[^{}]*"Relation Name":"tickets"/u);
      }

      const windowPlans = async (filter: { createdAfter: Date; createdBefore: Date }) => {
        log.length = 0;
        await store.statistics(filter, { now, mine: { assignedToId: 7 } });
        // Each statement once (the recording pool may log one more than once).
        const statements = [...new Map(log.filter((q) => /from "[^"]+"\."(tickets|ticket_day_counts)"/u.test(q.text)).map((q) => [q.text, q])).values()];
        return Promise.all(
          statements.map(async (query) => {
            const explained = await admin.query(`explain (format json) ${query.text}`, query.values);
            return { text: query.text, plan: JSON.stringify(explained.rows[0]['QUERY PLAN']) };
          }),
        );
      };
      // Statistics over a creation window of two days read the covering index, not the table.
      const short = await windowPlans({ createdAfter: new Date('2024-01-08T00:00:00Z'), createdBefore: new Date('2024-01-10T00:00:00Z') });
      expect(short.length).toBeGreaterThan(0);
      for (const { plan: p } of short) {
        expect(p).toContain('tickets_created_window_idx');
        expect(p).not.toContain('Seq Scan');
      }
      // Over a week, the whole days come from the per-day totals and the edge days from the covering
      // index; the tickets table itself is never scanned.
      const week = await windowPlans({ createdAfter: new Date('2024-01-08T06:00:00Z'), createdBefore: new Date('2024-01-15T12:00:00Z') });
      const fromDays = week.filter((q) => q.text.includes('"ticket_day_counts"'));
      expect(fromDays).toHaveLength(1);
      expect(fromDays[0]!.plan.match(/tickets_created_window_idx/gu)).toHaveLength(2);
      for (const { plan: p } of week) expect(p).not.toMatch(/"Node Type":"Seq Scan"[^{}]*"Relation Name":"tickets"/u);
    } finally {
      await store.close();
      await pool.end();
      await admin.end();
    }
  }, 180_000);
});
