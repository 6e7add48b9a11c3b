import { sql, type Expression, type SqlBool } from 'kysely';
import {
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type StatisticsOptions,
  type StoreStatistics,
  type TicketFilter,
} from '@tessera/core';
import type { SqlContext } from './context.js';
import { groupConditions } from './counts.js';
import { OPEN, overdueOnPartialIndex, sqliteDialect } from '../dialect.js';
import {
  assembleStatistics,
  mineCondition,
  SLA_TOTALS_COLUMNS,
  slaPastDueCondition,
  slaStatisticsFromTotals,
  slaStatisticsSelections,
  toSlaStatistics,
  TOTALS_DIMENSIONS,
  type SlaTargetName,
  type SlaTotals,
} from '@tessera/store-kysely';
import { ticketSource, type TicketSource } from './ticket-filter.js';
import { readOncePerChange } from './unchanged-reads.js';

interface Totals extends SlaTotals {
  total: number | null;
  unassigned: number | null;
  resolved: number | null;
  resolution_ms: number | null;
}
type Group = { key: string | number; n: number };

function assemble(
  totals: Totals,
  groups: Record<'status' | 'priority' | 'category', Group[]>,
  overdue: number,
  mine: number,
  sla: StoreStatistics['sla'],
): StoreStatistics {
  const entries = (list: Group[], name: (key: string | number) => string | undefined = String) =>
    list.flatMap(({ key, n }) => {
      const named = name(key);
      return named === undefined ? [] : [[named, n] as const];
    });
  return assembleStatistics({
    ...totals,
    overdue,
    mine,
    resolutionSum: totals.resolution_ms,
    resolutionUnitMs: 1,
    byStatus: entries(groups.status),
    // Grouped by the stored rank: 1 is the first priority.
    byPriority: entries(groups.priority, (rank) => TICKET_PRIORITIES[(rank as number) - 1]),
    byCategory: entries(groups.category),
    sla,
  });
}

function countWhere(ctx: SqlContext, source: TicketSource, condition: Expression<SqlBool>): number {
  return ctx.first<{ n: number }>(source.where(condition).select(sql<number>`count(*)`.as('n')).compile())!.n;
}

/**
 * The overdue count at `now` and how long it stays exact: until the earliest due date, at or after
 * `now`, of an open ticket matching the filter (a due date counts once the clock is past it).
 */
function overdueUntilNextDue(ctx: SqlContext, counting: TicketSource, now: Date, count: number) {
  const next = ctx.first<{ due: number | null }>(
    counting.where(sql<SqlBool>`${OPEN} AND t.due_date >= ${now.getTime()}`).select(sql<number | null>`min(t.due_date)`.as('due')).compile(),
  )!.due;
  return { count, at: now.getTime(), until: next ?? Number.POSITIVE_INFINITY };
}

/** From the running totals: a few hundred rows at most, whatever the number of tickets. */
function fromTotals(ctx: SqlContext, conditions: Expression<SqlBool>[]) {
  const from = ctx.kysely.selectFrom(ctx.from('ticket_counts', 'c') as unknown as 'ticket_counts as c');
  const base = conditions.length === 0 ? from : from.where((eb) => eb.and(conditions));
  const totals = ctx.first<Totals>(
    base
      .select([
        sql<number>`sum(c.tickets)`.as('total'),
        sql<number>`sum(CASE WHEN c.unassigned = 1 THEN c.tickets ELSE 0 END)`.as('unassigned'),
        sql<number>`sum(c.resolved)`.as('resolved'),
        sql<number>`sum(c.resolution_ms)`.as('resolution_ms'),
        ...SLA_TOTALS_COLUMNS.map((column) => sql<number>`sum(${sql.ref(`c.${column}`)})`.as(column)),
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

/** The one aggregate pass of {@link fromRows} (exported for its query-plan test). */
export function rowsPassQuery(source: TicketSource, now: Date, categories: readonly string[]) {
  return source
    .select([
      sql<number>`count(*)`.as('total'),
      sql<number>`sum(t.assigned_to_id IS NULL)`.as('unassigned'),
      sql<number>`count(t.resolved_at)`.as('resolved'),
      sql<number>`sum(t.resolved_at - t.created_at)`.as('resolution_ms'),
      ...TICKET_STATUSES.map((status, i) => sql<number>`sum(t.status = ${status})`.as(`s${i}`)),
      ...TICKET_PRIORITIES.map((_, i) => sql<number>`sum(t.priority_rank = ${i + 1})`.as(`p${i}`)),
      ...categories.map((category, i) => sql<number>`sum(t.category = ${category})`.as(`c${i}`)),
      ...slaStatisticsSelections(sqliteDialect, now, 't.'),
    ])
    .compile();
}

/**
 * Over the matching ticket rows (filters the running totals cannot answer), in one pass:
 * conditional sums per status, priority and category instead of three GROUP BYs, each of which
 * would sort or walk a whole index, and the SLA attainment counts over the clock columns (they
 * were a second pass over the same rows). The categories come from the totals (those with tickets).
 */
function fromRows(ctx: SqlContext, source: TicketSource, now: Date) {
  const categories = ctx.statement(`SELECT DISTINCT category FROM ${ctx.names.ticket_counts} WHERE tickets > 0 ORDER BY category`).pluck().all() as string[];
  const row = ctx.first<Record<string, number | null>>(rowsPassQuery(source, now, categories))!;
  const nonZero = (keys: readonly (string | number)[], prefix: string): Group[] =>
    keys.map((key, i) => ({ key, n: row[`${prefix}${i}`] ?? 0 })).filter((g) => g.n > 0);
  const totals: Totals = { total: row.total ?? 0, unassigned: row.unassigned ?? 0, resolved: row.resolved ?? 0, resolution_ms: row.resolution_ms ?? null };
  return {
    totals,
    sla: toSlaStatistics(row),
    groups: {
      status: nonZero(TICKET_STATUSES, 's'),
      priority: nonZero(TICKET_PRIORITIES.map((_, i) => i + 1), 'p'),
      category: nonZero(categories, 'c'),
    },
  };
}

/**
 * Statistics (counts by status, priority and category, plus overdue and "mine") as SQL aggregates over the tickets matching `filter`. Filters on status,
 * priority, category and unassigned (or none) read the trigger-maintained `ticket_counts`; others
 * aggregate the matching rows. Overdue and "mine" depend on the caller and the clock: they are
 * counted from the tickets' indexes (under a totals filter, once per database state while the
 * clock does not pass the next due date).
 */
export function ticketStatistics(ctx: SqlContext, filter: TicketFilter, options: StatisticsOptions): StoreStatistics {
  return ctx.snapshot(() => statisticsOnSnapshot(ctx, filter, options));
}

function statisticsOnSnapshot(ctx: SqlContext, filter: TicketFilter, options: StatisticsOptions): StoreStatistics {
  const source = ticketSource(ctx, filter, options.now);
  const conditions = groupConditions(filter);
  const fromSums = conditions !== null;
  // The totals depend on the filter alone: read once per database change.
  const totalsKey = JSON.stringify(TOTALS_DIMENSIONS.map((dimension) => filter[dimension]));
  const { totals, groups, sla: slaFromRows } = fromSums
    ? { ...readOncePerChange(ctx, `statistics ${totalsKey}`, () => fromTotals(ctx, conditions)), sla: null }
    : fromRows(ctx, source, options.now);
  // These two counts go through their own indexes (tickets_overdue is partial and covering; the
  // assignee/creator index is selective), never through a status or priority index.
  const counting = ticketSource(ctx, filter, options.now, { byOtherIndex: true });
  const countOverdue = () => countWhere(ctx, counting, overdueOnPartialIndex(options.now));
  const countMine = () => countWhere(ctx, counting, mineCondition(options, 't.'));
  // Between writes "mine" stays the same, and overdue until the next open ticket's due date
  // passes (or the clock goes back): under a totals filter both are counted once per state.
  const overdue = fromSums
    ? readOncePerChange(ctx, `overdue ${totalsKey}`, () => overdueUntilNextDue(ctx, counting, options.now, countOverdue()), (kept) =>
        options.now.getTime() >= kept.at && options.now.getTime() <= kept.until,
      ).count
    : countOverdue();
  const mine = fromSums ? readOncePerChange(ctx, `mine ${totalsKey} ${JSON.stringify(options.mine)}`, countMine) : countMine();
  // From the rows' pass, or the totals' clock states corrected by the unrecorded past-due clocks
  // (ranges of the partial indexes).
  const sla =
    slaFromRows ??
    slaStatisticsFromTotals(totals, {
      first_response: countWhere(ctx, counting, slaPastDueCondition(sqliteDialect, 'first_response', options.now, 't.')),
      resolution: countWhere(ctx, counting, slaPastDueCondition(sqliteDialect, 'resolution', options.now, 't.')),
    } satisfies Record<SlaTargetName, number>);
  return assemble(totals, groups, overdue, mine, sla);
}
