import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page, Ticket, TicketQuery } from '@tessera/core';
import { openSqliteStore } from '@tessera/store-sqlite';
import { QueryPool } from '../src/budget/query-pool.js';

const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-pool-'));
const filename = join(dir, 'pool.db');
const pools: QueryPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  const store = await openSqliteStore({ filename, queryTimeoutMs: 0 });
  store.database.exec(`
    INSERT INTO tessera_tickets (sequence, ticket_number, subject, description, status, priority, priority_rank,
      category, customer_id, created_by_id, created_at, updated_at, tags, version)
    VALUES (1, 'TKT-1', 'printer down', 'the printer on the third floor', 'open', 'medium', 2, 'general', 1, 1, 1000, 1000, '', 1)`);
  await store.close();
});

const search: TicketQuery = {
  filter: { searchTerms: ['printer'] },
  ordering: { field: 'created_at', direction: 'desc' },
  page: { offset: 0, limit: 25 },
  now: new Date(),
};

function pool(options: { size: number; idleMs?: number }): QueryPool {
  const p = new QueryPool({ filename, tablePrefix: 'tessera_', busyTimeoutMs: 5000, cacheSizeKiB: 2048, budgetMs: 30_000, ...options });
  pools.push(p);
  return p;
}

const numbers = (page: Page<Ticket>) => page.rows.map((t) => t.ticketNumber);

describe('SQLite query pool: threads on demand', () => {
  it('starts no thread before the first query, one for queries that come one at a time', async () => {
    const p = pool({ size: 2 });
    expect(p.threads).toBe(0);
    for (let i = 0; i < 3; i += 1) {
      expect(numbers(await p.run<Page<Ticket>>('listTickets', [search]))).toEqual(['TKT-1']);
      expect(p.threads).toBe(1);
    }
  }, 60_000);

  it('starts a second thread only for a query that finds the first busy, never more than size', async () => {
    const p = pool({ size: 2 });
    const pages = await Promise.all(Array.from({ length: 5 }, () => p.run<Page<Ticket>>('listTickets', [search])));
    expect(pages.map(numbers)).toEqual(Array.from({ length: 5 }, () => ['TKT-1']));
    expect(p.threads).toBe(2);
  }, 60_000);

  it('lets idle threads exit, and starts one again for the next query', async () => {
    const p = pool({ size: 2, idleMs: 50 });
    await Promise.all([p.run('listTickets', [search]), p.run('listTickets', [search])]);
    expect(p.threads).toBe(2);
    await vi.waitFor(() => expect(p.threads).toBe(0), { timeout: 10_000, interval: 20 });
    expect(numbers(await p.run<Page<Ticket>>('listTickets', [search]))).toEqual(['TKT-1']);
    expect(p.threads).toBe(1);
  }, 60_000);
});
