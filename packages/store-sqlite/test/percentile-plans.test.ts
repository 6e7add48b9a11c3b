import { describe, expect, it } from 'vitest';
import type { TicketFilter } from '@tessera/core';
import { openSqliteStore } from '@tessera/store-sqlite';
import { percentilesQuery } from '@tessera/store-kysely';
import { ticketSource } from '../src/queries/ticket-filter.js';
import { rowsPassQuery } from '../src/queries/statistics.js';
import { sqliteDialect } from '../src/dialect.js';
import { tableNames } from '../src/names.js';
import { durationPercentiles } from '../src/migrations/0008-duration-percentiles.js';
import { contextOf, queryPlan, useMemoryStore } from './helpers.js';

const db = useMemoryStore();

const NOW = new Date('2026-01-01T00:00:00Z');

function plan(filter: TicketFilter): string[] {
  return queryPlan(db.store, percentilesQuery(sqliteDialect, db.ctx.kysely, ticketSource(db.ctx, filter, NOW), 't.', [5000, 9000, 9500]));
}

describe('EXPLAIN QUERY PLAN of percentiles', () => {
  it('reads a creation window from one covering index, never a table row per ticket', () => {
    const lines = plan({ createdAfter: new Date('2025-12-03T00:00:00Z'), createdBefore: NOW });
    const reads = lines.filter((l) => /^(SEARCH|SCAN) t\b/u.test(l));
    expect(reads).toEqual(['SEARCH t USING COVERING INDEX tickets_created_stats (created_at>? AND created_at<?)']);
  });

  it('sorts only the window’s durations: one temporary b-tree per duration', () => {
    const lines = plan({ createdAfter: new Date('2025-12-03T00:00:00Z') });
    expect(lines.filter((l) => l.startsWith('USE TEMP B-TREE'))).toHaveLength(2);
  });
});

describe('EXPLAIN QUERY PLAN of statistics over a creation window', () => {
  it('counts everything, SLA attainment included, from the same covering index: no table row per ticket', () => {
    const source = ticketSource(db.ctx, { createdAfter: new Date('2025-10-03T00:00:00Z') }, NOW);
    const lines = queryPlan(db.store, rowsPassQuery(source, NOW, ['billing', 'general']));
    expect(lines.filter((l) => /^(SEARCH|SCAN) t\b/u.test(l))).toEqual(['SEARCH t USING COVERING INDEX tickets_created_stats (created_at>?)']);
  });
});

describe('migration 0008 on an analyzed database', () => {
  it('gives the rebuilt index its statistics, so the planner still picks it over the analyzed ones', async () => {
    const analyzed = await openSqliteStore({ filename: ':memory:' });
    try {
      analyzed.database.exec(`
        WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 100000)
        INSERT INTO tessera_tickets (sequence, ticket_number, subject, description, status, priority, priority_rank, category,
          customer_id, created_by_id, created_at, updated_at, tags, version)
        SELECT i, 'TKT-' || i, 's', 'd', 'open', 'medium', 2, 'general', 1, 1, i * 1000, i * 1000, '', 1 FROM s;
        ANALYZE;`);
      const migration = durationPercentiles(tableNames());
      await migration.down!(analyzed.kysely as never);
      await migration.up(analyzed.kysely as never);
      const scope = contextOf(analyzed);
      const lines = queryPlan(analyzed, percentilesQuery(sqliteDialect, scope.kysely, ticketSource(scope, { createdAfter: new Date(96_000_000) }, NOW), 't.', [5000]));
      expect(lines.filter((l) => /^(SEARCH|SCAN) t\b/u.test(l))).toEqual(['SEARCH t USING COVERING INDEX tickets_created_stats (created_at>?)']);
    } finally {
      await analyzed.close();
    }
  });
});
