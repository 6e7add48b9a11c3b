import { sql, type Kysely } from 'kysely';
import type { StatisticsOptions, StoreStatistics, TicketFilter, TicketPriority, TicketStatus } from '@tessera/core';
import type { Database } from '../schema.js';
import { overdueCondition, ticketFilter } from './ticket-filter.js';

interface GroupRow {
  status: string | null;
  priority: string | null;
  category: string | null;
  total: number;
  overdue: number | null;
  unassigned: number | null;
  mine: number | null;
  avg_resolution_seconds: number | null;
}

/**
 * Every statistic in one pass over the matching tickets: GROUPING SETS give the per-status,
 * per-priority and per-category counts plus a grand-total row whose FILTERed aggregates carry
 * the overdue, unassigned and "mine" counts and the mean resolution time.
 */
export async function statistics(
  db: Kysely<Database>,
  filter: TicketFilter,
  options: StatisticsOptions,
): Promise<StoreStatistics> {
  const mine =
    'assignedToId' in options.mine
      ? sql`assigned_to_id = ${options.mine.assignedToId}`
      : sql`created_by_id = ${options.mine.createdById}`;
  const rows = await db
    .selectFrom('tickets')
    .where((eb) => ticketFilter(eb, filter, options.now))
    .select((eb) => [
      'status',
      'priority',
      'category',
      eb.fn.countAll<number>().as('total'),
      sql<number>`count(*) filter (where ${overdueCondition(eb, options.now)})`.as('overdue'),
      sql<number>`count(*) filter (where assigned_to_id is null)`.as('unassigned'),
      sql<number>`count(*) filter (where ${mine})`.as('mine'),
      sql<number | null>`avg(extract(epoch from resolved_at - created_at)) filter (where resolved_at is not null)`.as(
        'avg_resolution_seconds',
      ),
    ])
    .groupBy(sql`grouping sets ((status), (priority), (category), ())`)
    .execute();

  const stats: StoreStatistics = {
    total: 0,
    byStatus: {},
    byPriority: {},
    byCategory: {},
    overdueCount: 0,
    unassignedCount: 0,
    myTicketsCount: 0,
    avgResolutionTimeHours: null,
  };
  for (const row of rows as GroupRow[]) {
    if (row.status !== null) stats.byStatus[row.status as TicketStatus] = row.total;
    else if (row.priority !== null) stats.byPriority[row.priority as TicketPriority] = row.total;
    else if (row.category !== null) stats.byCategory[row.category] = row.total;
    else {
      stats.total = row.total;
      stats.overdueCount = row.overdue ?? 0;
      stats.unassignedCount = row.unassigned ?? 0;
      stats.myTicketsCount = row.mine ?? 0;
      stats.avgResolutionTimeHours = row.avg_resolution_seconds === null ? null : row.avg_resolution_seconds / 3600;
    }
  }
  return stats;
}
