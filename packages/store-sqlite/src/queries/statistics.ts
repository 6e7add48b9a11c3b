import { sql } from 'kysely';
import {
  TICKET_PRIORITIES,
  type StatisticsOptions,
  type StoreStatistics,
  type TicketFilter,
  type TicketPriority,
  type TicketStatus,
} from '@tessera/core';
import type { SqlContext } from './context.js';
import { OPEN, ticketSource } from './ticket-filter.js';

const MS_PER_HOUR = 3_600_000;

interface Totals {
  total: number;
  unassigned: number | null;
  overdue: number | null;
  mine: number | null;
  resolved: number;
  resolution_ms: number | null;
}

/**
 * Statistics (SPEC §4) as SQL aggregates over the tickets matching `filter`: one query for the
 * counters and one GROUP BY per dimension (each can stream through its column's index).
 */
export function ticketStatistics(ctx: SqlContext, filter: TicketFilter, options: StatisticsOptions): StoreStatistics {
  const base = ticketSource(ctx, filter, options.now);
  const mine =
    'assignedToId' in options.mine
      ? sql<number>`sum(t.assigned_to_id = ${options.mine.assignedToId})`
      : sql<number>`sum(t.created_by_id = ${options.mine.createdById})`;

  const totals = ctx.first<Totals>(
    base
      .select([
        sql<number>`count(*)`.as('total'),
        sql<number>`sum(t.assigned_to_id IS NULL)`.as('unassigned'),
        sql<number>`sum(${OPEN} = 1 AND t.due_date < ${options.now.getTime()})`.as('overdue'),
        mine.as('mine'),
        sql<number>`count(t.resolved_at)`.as('resolved'),
        sql<number>`sum(t.resolved_at - t.created_at)`.as('resolution_ms'),
      ])
      .compile(),
  )!;

  const group = (column: 't.status' | 't.priority_rank' | 't.category') =>
    ctx.all<{ key: string | number; n: number }>(
      base.select([sql.ref<string | number>(column).as('key'), sql<number>`count(*)`.as('n')]).groupBy(column).compile(),
    );

  const byStatus: Partial<Record<TicketStatus, number>> = {};
  for (const { key, n } of group('t.status')) byStatus[key as TicketStatus] = n;
  const byPriority: Partial<Record<TicketPriority, number>> = {};
  for (const { key, n } of group('t.priority_rank')) {
    const priority = TICKET_PRIORITIES[(key as number) - 1];
    if (priority) byPriority[priority] = n;
  }
  // fromEntries: a category named like an Object.prototype member stays a plain key.
  const byCategory: Record<string, number> = Object.fromEntries(group('t.category').map(({ key, n }) => [key, n]));

  return {
    total: totals.total,
    byStatus,
    byPriority,
    byCategory,
    overdueCount: totals.overdue ?? 0,
    unassignedCount: totals.unassigned ?? 0,
    myTicketsCount: totals.mine ?? 0,
    avgResolutionTimeHours:
      totals.resolved > 0 && totals.resolution_ms !== null ? totals.resolution_ms / totals.resolved / MS_PER_HOUR : null,
  };
}
