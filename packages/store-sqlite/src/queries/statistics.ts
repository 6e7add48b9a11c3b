import { sql, type Expression, type SqlBool } from 'kysely';
import {
  TICKET_PRIORITIES,
  type StatisticsOptions,
  type StoreStatistics,
  type TicketFilter,
  type TicketPriority,
  type TicketStatus,
} from '@tessera/core';
import type { SqlContext } from './context.js';
import { groupConditions } from './counts.js';
import { ticketSource, type TicketSource } from './ticket-filter.js';

const MS_PER_HOUR = 3_600_000;

interface Totals {
  total: number | null;
  unassigned: number | null;
  resolved: number | null;
  resolution_ms: number | null;
}
type Group = { key: string | number; n: number };

function assemble(totals: Totals, groups: Record<'status' | 'priority' | 'category', Group[]>, overdue: number, mine: number): StoreStatistics {
  const byStatus: Partial<Record<TicketStatus, number>> = {};
  for (const { key, n } of groups.status) byStatus[key as TicketStatus] = n;
  const byPriority: Partial<Record<TicketPriority, number>> = {};
  for (const { key, n } of groups.priority) {
    const priority = TICKET_PRIORITIES[(key as number) - 1];
    if (priority) byPriority[priority] = n;
  }
  const resolved = totals.resolved ?? 0;
  return {
    total: totals.total ?? 0,
    byStatus,
    byPriority,
    // fromEntries: a category named like an Object.prototype member stays a plain key.
    byCategory: Object.fromEntries(groups.category.map(({ key, n }) => [key, n])),
    overdueCount: overdue,
    unassignedCount: totals.unassigned ?? 0,
    myTicketsCount: mine,
    avgResolutionTimeHours: resolved > 0 && totals.resolution_ms !== null ? totals.resolution_ms / resolved / MS_PER_HOUR : null,
  };
}

function countWhere(ctx: SqlContext, source: TicketSource, condition: Expression<SqlBool>): number {
  return ctx.first<{ n: number }>(source.where(condition).select(sql<number>`count(*)`.as('n')).compile())!.n;
}

function mineCondition(options: StatisticsOptions): Expression<SqlBool> {
  return 'assignedToId' in options.mine
    ? sql<SqlBool>`t.assigned_to_id = ${options.mine.assignedToId}`
    : sql<SqlBool>`t.created_by_id = ${options.mine.createdById}`;
}

/** From the running totals: a few hundred rows at most, whatever the number of tickets. */
function fromTotals(ctx: SqlContext, conditions: Expression<SqlBool>[]) {
  const from = ctx.kysely.selectFrom('ticket_counts as c');
  const base = conditions.length === 0 ? from : from.where((eb) => eb.and(conditions));
  const totals = ctx.first<Totals>(
    base
      .select([
        sql<number>`sum(c.tickets)`.as('total'),
        sql<number>`sum(CASE WHEN c.unassigned = 1 THEN c.tickets ELSE 0 END)`.as('unassigned'),
        sql<number>`sum(c.resolved)`.as('resolved'),
        sql<number>`sum(c.resolution_ms)`.as('resolution_ms'),
      ])
      .compile(),
  )!;
  const group = (column: 'c.status' | 'c.priority_rank' | 'c.category') =>
    ctx.all<Group>(
      base
        .select([sql.ref<string | number>(column).as('key'), sql<number>`sum(c.tickets)`.as('n')])
        .groupBy(column)
        .having(sql<number>`sum(c.tickets)`, '>', 0)
        .compile(),
    );
  return { totals, groups: { status: group('c.status'), priority: group('c.priority_rank'), category: group('c.category') } };
}

/** Over the matching ticket rows (filters the running totals cannot answer). */
function fromRows(ctx: SqlContext, source: TicketSource) {
  const totals = ctx.first<Totals>(
    source
      .select([
        sql<number>`count(*)`.as('total'),
        sql<number>`sum(t.assigned_to_id IS NULL)`.as('unassigned'),
        sql<number>`count(t.resolved_at)`.as('resolved'),
        sql<number>`sum(t.resolved_at - t.created_at)`.as('resolution_ms'),
      ])
      .compile(),
  )!;
  const group = (column: 't.status' | 't.priority_rank' | 't.category') =>
    ctx.all<Group>(source.select([sql.ref<string | number>(column).as('key'), sql<number>`count(*)`.as('n')]).groupBy(column).compile());
  return { totals, groups: { status: group('t.status'), priority: group('t.priority_rank'), category: group('t.category') } };
}

/**
 * Statistics (SPEC §4) as SQL aggregates over the tickets matching `filter`. Filters on status,
 * priority, category and unassigned (or none) read the trigger-maintained `ticket_counts`; others
 * aggregate the matching rows. Overdue and "mine" depend on the caller and the clock, so they are
 * always counted from the tickets' indexes.
 */
export function ticketStatistics(ctx: SqlContext, filter: TicketFilter, options: StatisticsOptions): StoreStatistics {
  return ctx.snapshot(() => statisticsOnSnapshot(ctx, filter, options));
}

function statisticsOnSnapshot(ctx: SqlContext, filter: TicketFilter, options: StatisticsOptions): StoreStatistics {
  const source = ticketSource(ctx, filter, options.now);
  const conditions = groupConditions(filter);
  const { totals, groups } = conditions === null ? fromRows(ctx, source) : fromTotals(ctx, conditions);
  // These two counts go through their own indexes (tickets_overdue is partial and covering; the
  // assignee/creator index is selective), never through a status or priority index.
  const counting = ticketSource(ctx, filter, options.now, { byOtherIndex: true });
  const overdue = countWhere(
    ctx,
    counting,
    sql<SqlBool>`t.status NOT IN ('resolved', 'closed') AND t.due_date < ${options.now.getTime()}`,
  );
  const mine = countWhere(ctx, counting, mineCondition(options));
  return assemble(totals, groups, overdue, mine);
}
