import { describe, expect, it } from 'vitest';
import { TICKET_ORDER_FIELDS, type TicketFilter, type TicketQuery } from '@tessera/core';
import { openSqliteStore } from '@tessera/store-sqlite';
import { compileTicketList } from '../src/queries/list-tickets.js';
import { queryPlan, useMemoryStore } from './helpers.js';

const db = useMemoryStore();

function plans(query: TicketQuery, search: 'drive' | 'probe' = 'drive'): { rows: string[]; count: string[] } {
  const compiled = compileTicketList(db.ctx, query, search);
  return { rows: queryPlan(db.store, compiled.rows), count: queryPlan(db.store, compiled.count) };
}

const query = (filter: TicketFilter, field: TicketQuery['ordering']['field'] = 'created_at', direction: 'asc' | 'desc' = 'desc'): TicketQuery => ({
  filter,
  ordering: { field, direction },
  page: { offset: 25, limit: 25 },
  now: new Date('2025-01-01T00:00:00Z'),
});

// Every list filter of the REST API (my_tickets is assignedToId / createdById for the caller).
const FILTERS: Record<string, TicketFilter> = {
  status: { status: 'open' },
  priority: { priority: 'high' },
  category: { category: 'billing' },
  customer: { customerId: 3 },
  assigned_to: { assignedToId: 4 },
  'my_tickets (customer)': { createdById: 5 },
  unassigned: { unassigned: true },
  overdue: { overdue: true },
  created_after: { createdAfter: new Date('2024-06-01T00:00:00Z') },
  created_before: { createdBefore: new Date('2024-06-01T00:00:00Z') },
  'status + priority': { status: 'open', priority: 'high' },
  'search (3+ chars)': { searchTerms: ['login'] },
  'search mixing long and short terms': { searchTerms: ['login', 'a'] },
  'search + status': { searchTerms: ['login'], status: 'open' },
};

describe('EXPLAIN QUERY PLAN', () => {
  for (const [name, filter] of Object.entries(FILTERS)) {
    it(`${name}: page and count search an index, never scan tickets`, () => {
      const { rows, count } = plans(query(filter));
      for (const line of [...rows, ...count]) {
        expect(line).not.toMatch(/^SCAN t\b/);
        expect(line).not.toMatch(/^SCAN tickets\b/);
      }
      const driving = [...rows, ...count].filter((l) => /^(SEARCH t|SCAN s VIRTUAL TABLE)/.test(l));
      expect(driving.length).toBeGreaterThan(0);
    });
  }

  it('filters in the default order need no sort (the index gives the order)', () => {
    for (const name of ['status', 'priority', 'category', 'customer', 'assigned_to', 'unassigned', 'created_after', 'status + priority']) {
      expect(plans(query(FILTERS[name]!)).rows.join(' | '), name).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    }
  });

  for (const field of TICKET_ORDER_FIELDS) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`ordering ${direction === 'desc' ? '-' : ''}${field} walks an index without sorting the table`, () => {
        const { rows } = plans(query({}, field, direction));
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatch(/^SCAN t USING INDEX /);
      });
    }
  }

  it('a search with many matches takes a window of the ordering index and reads the match list over its id range only', () => {
    const { rows } = plans(query({ searchTerms: ['login'] }), 'probe');
    expect(rows.slice(0, 2)).toEqual(['MATERIALIZE w', 'SCAN t USING COVERING INDEX tickets_created_at']);
    // M: the match, >< : rowid bounds (the window's min and max id) handed to FTS5.
    // A whole-word term goes through the word index; one with punctuation through the trigram index.
    expect(rows.join(' | ')).toMatch(/LIST SUBQUERY .*SCAN tessera_ticket_words VIRTUAL TABLE INDEX 0:M\d+></);
    const trigram = plans(query({ searchTerms: ['log-in'] }), 'probe').rows;
    expect(trigram.join(' | ')).toMatch(/LIST SUBQUERY .*SCAN tessera_ticket_search VIRTUAL TABLE INDEX 0:M\d+></);
    expect(rows.join(' | ')).toMatch(/SEARCH t USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(rows.filter((l) => /^SCAN t\b/.test(l))).toEqual(['SCAN t USING COVERING INDEX tickets_created_at']);
    const filtered = plans(query({ searchTerms: ['login'], status: 'open' }), 'probe').rows;
    expect(filtered[1]).toMatch(/^SEARCH t USING (COVERING )?INDEX tickets_status \(status=\?\)/);
  });

  it('the unfiltered count reads an index, not the table', () => {
    expect(plans(query({})).count).toEqual([expect.stringMatching(/^SCAN tessera_tickets USING COVERING INDEX /)]);
  });
});

describe('EXPLAIN QUERY PLAN: outbox claim', () => {
  it('walks the rowid from the claim cursor (no index of open events, never a scan of the acknowledged ones)', async () => {
    const outbox = await openSqliteStore({ filename: ':memory:' });
    const seen: string[] = [];
    const prepare = outbox.database.prepare.bind(outbox.database);
    outbox.database.prepare = ((text: string) => {
      seen.push(text);
      return prepare(text);
    }) as typeof prepare;
    await outbox.webhooks.outbox.claim({ limit: 10, leaseMs: 1_000, now: new Date() });
    const claims = seen.filter((text) => /tessera_outbox/.test(text));
    expect(claims).toHaveLength(2); // advance the cursor, then lease
    for (const text of claims) {
      const plan = (prepare(`EXPLAIN QUERY PLAN ${text}`).all(...Array.from(text.matchAll(/\?/g), () => 0)) as { detail: string }[]).map((r) => r.detail);
      expect(plan.filter((line) => /^SCAN tessera_outbox\b/.test(line)), text).toEqual([]);
      expect(plan, text).toContain('SEARCH tessera_outbox USING INTEGER PRIMARY KEY (rowid>?)');
    }
    await outbox.close();
  });
});
