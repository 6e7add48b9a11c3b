import { sql, type Expression, type SqlBool } from 'kysely';
import type { SlaStatistics, StatisticsOptions, StoreStatistics, TicketPriority, TicketStatus } from '@tessera/core';

/** The aggregates a store computes for `statistics`, in whatever way its plans favour. */
export interface StatisticsParts {
  /** Null sums (nothing matched) count as 0. */
  total: number | null;
  unassigned: number | null;
  overdue: number | null;
  mine: number | null;
  /** Resolved tickets among the matches, and the sum of their resolution times in `resolutionUnitMs`. */
  resolved: number | null;
  resolutionSum: number | null;
  resolutionUnitMs: number;
  /** Non-zero counts per status, priority (by name) and category. */
  byStatus: Iterable<readonly [string, number]>;
  byPriority: Iterable<readonly [string, number]>;
  byCategory: Iterable<readonly [string, number]>;
  /** SLA attainment at `now` (`toSlaStatistics` of `slaStatisticsSelections`). */
  sla: SlaStatistics;
}

const MS_PER_HOUR = 3_600_000;

/** The port's `StoreStatistics` from a store's aggregates: the one place the result is shaped. */
export function assembleStatistics(parts: StatisticsParts): StoreStatistics {
  const resolved = parts.resolved ?? 0;
  return {
    total: parts.total ?? 0,
    byStatus: Object.fromEntries(parts.byStatus) as Partial<Record<TicketStatus, number>>,
    byPriority: Object.fromEntries(parts.byPriority) as Partial<Record<TicketPriority, number>>,
    // fromEntries: a category named like an Object.prototype member stays a plain key.
    byCategory: Object.fromEntries(parts.byCategory),
    overdueCount: parts.overdue ?? 0,
    unassignedCount: parts.unassigned ?? 0,
    myTicketsCount: parts.mine ?? 0,
    avgResolutionTimeHours:
      resolved > 0 && parts.resolutionSum !== null ? (parts.resolutionSum * parts.resolutionUnitMs) / resolved / MS_PER_HOUR : null,
    sla: parts.sla,
  };
}

/** "Mine" of a statistics call (assigned to, or created by, the caller) on columns prefixed with `qualifier`. */
export function mineCondition(options: StatisticsOptions, qualifier = ''): Expression<SqlBool> {
  return 'assignedToId' in options.mine
    ? sql<SqlBool>`${sql.raw(`${qualifier}assigned_to_id`)} = ${options.mine.assignedToId}`
    : sql<SqlBool>`${sql.raw(`${qualifier}created_by_id`)} = ${options.mine.createdById}`;
}
