import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { SlaStatistics, StatisticsOptions, StoreStatistics, TicketFilter } from '@tessera/core';
import type { Database, TicketCountsTable } from '../schema.js';
import { compactDaysIfNeeded, DAY_ROWS_READ, dayWindowPlan, dayWindowRows, type DayWindowPlan } from './day-counts.js';
import { compactIfNeeded, summaryAnswers, summaryConditions, type CountsContext } from './ticket-counts.js';
import { overdueCondition, ticketFilter } from './ticket-filter.js';
import {
  assembleStatistics,
  mineCondition,
  SLA_STATISTICS_COLUMNS,
  SLA_TOTALS_COLUMNS,
  slaPastDueCondition,
  slaStatisticsFromTotals,
  slaStatisticsSelections,
  toSlaStatistics,
  type SlaTargetName,
  type SlaTotals,
} from '@tessera/store-kysely';
import { postgresDialect } from '../dialect.js';

interface GroupRow extends SlaTotals {
  status: string | null;
  priority: string | null;
  category: string | null;
  total: number | null;
  overdue: number | null;
  unassigned: number | null;
  mine: number | null;
  resolution_seconds: number | null;
  resolved: number | null;
}

/**
 * Every statistic in one statement and one pass over the matching tickets. The inner query
 * groups by (status, priority, category) — at most a few hundred groups, and parallel-aggregatable
 * — with FILTERed counts for overdue, unassigned and "mine", a float sum of resolution times and
 * the SLA attainment counts; the outer GROUPING SETS fold those groups into per-status,
 * per-priority and per-category counts plus one grand-total row. (The SLA counts were a second
 * pass over the same rows: one pass reads a creation-date window's index once, not twice.)
 */
async function scanStatistics(
  db: Kysely<Database>,
  filter: TicketFilter,
  options: StatisticsOptions,
): Promise<GroupRow[]> {
  const mine = mineCondition(options);
  return db
    .with('g', (qb) =>
      qb
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
          // date_part gives float8; extract() would give numeric, several times slower to sum.
          sql<number | null>`sum(date_part('epoch', resolved_at - created_at))`.as('resolution_seconds'),
          sql<number>`count(resolved_at)`.as('resolved'),
          ...slaStatisticsSelections(postgresDialect, options.now),
        ])
        .groupBy(['status', 'priority', 'category']),
    )
    .selectFrom('g')
    .select([
      'status',
      'priority',
      'category',
      sql<number>`sum(total)`.as('total'),
      sql<number>`sum(overdue)`.as('overdue'),
      sql<number>`sum(unassigned)`.as('unassigned'),
      sql<number>`sum(mine)`.as('mine'),
      sql<number | null>`sum(resolution_seconds)`.as('resolution_seconds'),
      sql<number>`sum(resolved)`.as('resolved'),
      ...SLA_STATISTICS_COLUMNS.map((column) => sql<number>`sum(${sql.ref(column)})`.as(column)),
    ])
    .groupBy(sql`grouping sets ((status), (priority), (category), ())`)
    .execute() as Promise<GroupRow[]>;
}

/** The totals' sums as the statistics name them, over rows shaped like `ticket_counts`. */
const TOTALS_READ = [
  sql<number>`sum(n)`.as('total'),
  sql<number>`sum(n) filter (where unassigned)`.as('unassigned'),
  sql<number | null>`sum(resolved_seconds)`.as('resolution_seconds'),
  sql<number>`sum(resolved_n)`.as('resolved'),
  ...SLA_TOTALS_COLUMNS.map((column) => sql<number>`sum(${sql.ref(column)})`.as(column)),
];
const GROUPING_SETS = sql`grouping sets ((status), (priority), (category), ())`;

/**
 * The grouped totals for `filter`: from `ticket_counts`, or for a creation window from
 * `ticket_day_counts` plus its edge tickets; then the running totals are compacted if the read
 * summed many deltas.
 */
async function totalsGroups(db: Kysely<Database>, filter: TicketFilter, now: Date, ctx: CountsContext, window: DayWindowPlan | null) {
  if (window) {
    const groups = await db
      .selectFrom(sql<TicketCountsTable & { day: string | null }>`(${dayWindowRows(db, window, now)})`.as('d'))
      .select([
        'status',
        'priority',
        'category',
        ...TOTALS_READ,
        ...DAY_ROWS_READ,
      ])
      .groupBy(GROUPING_SETS)
      .execute();
    const grand = groups.find((g) => g.status === null && g.priority === null && g.category === null);
    if (grand) await compactDaysIfNeeded(db, { rows: Number(grand.rows), firstDay: grand.first_day, lastDay: grand.last_day }, ctx);
    return { groups, grand };
  }
  const groups = await db
    .selectFrom('ticket_counts')
    .where((eb) => summaryConditions(eb, filter))
    .select(['status', 'priority', 'category', ...TOTALS_READ, sql<number>`count(*)`.as('rows')])
    .groupBy(GROUPING_SETS)
    .execute();
  const grand = groups.find((g) => g.status === null && g.priority === null && g.category === null);
  await compactIfNeeded(db, grand?.rows ?? 0, ctx);
  return { groups, grand };
}

/**
 * The same statistics from the running totals, when the filter only uses status/priority/
 * category/unassigned (`ticket_counts`), or those and a creation window (`ticket_day_counts`):
 * counts and resolution sums come from their rows; only overdue and "mine" (which depend on the
 * clock and the caller) are counted on the tickets table, each by an index scan (the partial
 * overdue index, the assignee/creator index). Three statements, run in parallel outside a transaction.
 */
async function summaryStatistics(
  db: Kysely<Database>,
  filter: TicketFilter,
  options: StatisticsOptions,
  ctx: CountsContext,
  window: DayWindowPlan | null,
): Promise<GroupRow[]> {
  const countWhere = (extra: (eb: ExpressionBuilder<Database, 'tickets'>) => Expression<SqlBool>) =>
    db
      .selectFrom('tickets')
      .where((eb) => eb.and([ticketFilter(eb, filter, options.now), extra(eb)]))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => r.n);
  const [{ groups, grand }, overdue, mine] = await Promise.all([
    totalsGroups(db, filter, options.now, ctx, window),
    countWhere((eb) => overdueCondition(eb, options.now)),
    countWhere(() => mineCondition(options)),
  ]);
  return groups
    // Groups whose tickets all moved away keep a zero-sum row until compaction: skip them.
    .filter((g) => g === grand || (g.total ?? 0) !== 0)
    .map((g) => ({ ...g, overdue: g === grand ? overdue : null, mine: g === grand ? mine : null }));
}

/**
 * Matching tickets per target whose clock is past due at `now` with no breach recorded: ranges of
 * the SLA partial indexes, short since `tick` records breaches as they fall due. The planner cannot
 * see that (it multiplies the selectivities of "due before now" and "running", which rarely meet),
 * expects a large share of the table and starts parallel workers for a few rows; under load the
 * worker start-up cost hundreds of ms, so these counts run without parallelism.
 */
async function countPastDue(db: Kysely<Database>, filter: TicketFilter, now: Date): Promise<Record<SlaTargetName, number>> {
  const count = (target: SlaTargetName) =>
    db
      .selectFrom('tickets')
      .where((eb) => eb.and([ticketFilter(eb, filter, now), slaPastDueCondition(postgresDialect, target, now)]))
      .select((eb) => eb.fn.countAll<number>().as('n'));
  const run = async (on: Kysely<Database>) => {
    const row = await on.selectNoFrom([count('first_response').as('fr'), count('resolution').as('res')]).executeTakeFirstOrThrow();
    return { first_response: Number(row.fr), resolution: Number(row.res) };
  };
  // Inside a caller's transaction a SET LOCAL would outlive this read: plan as the caller set it.
  if (db.isTransaction) return run(db);
  return db.transaction().execute(async (tx) => {
    await sql`set local max_parallel_workers_per_gather = 0`.execute(tx);
    return run(tx);
  });
}

/**
 * Statistics over the tickets matching `filter`, in SQL: from the running totals when the filter
 * allows it (`summaryStatistics`), else in one aggregate pass over the matching tickets.
 */
export async function statistics(
  db: Kysely<Database>,
  filter: TicketFilter,
  options: StatisticsOptions,
  ctx: CountsContext,
): Promise<StoreStatistics> {
  const window = summaryAnswers(filter) ? null : dayWindowPlan(filter);
  const fromSummary = window !== null || summaryAnswers(filter);
  const [rows, pastDue] = await Promise.all([
    fromSummary ? summaryStatistics(db, filter, options, ctx, window) : scanStatistics(db, filter, options),
    fromSummary ? countPastDue(db, filter, options.now) : null,
  ]);

  const grand = rows.find((row) => row.status === null && row.priority === null && row.category === null);
  // SLA attainment at `now`: from the totals' clock states, corrected by the unrecorded past-due
  // clocks (ranges of the SLA partial indexes); else the scan's conditional counts.
  const sla: SlaStatistics = pastDue ? slaStatisticsFromTotals(grand ?? {}, pastDue) : toSlaStatistics((grand ?? {}) as Parameters<typeof toSlaStatistics>[0]);
  const groups = (key: 'status' | 'priority' | 'category') =>
    rows.filter((row) => row[key] !== null).map((row) => [row[key]!, row.total ?? 0] as const);
  // With nothing matched the grand-total row sums over no groups: its sums are null.
  return assembleStatistics({
    total: grand?.total ?? null,
    unassigned: grand?.unassigned ?? null,
    overdue: grand?.overdue ?? null,
    mine: grand?.mine ?? null,
    resolved: grand?.resolved ?? null,
    resolutionSum: grand?.resolution_seconds ?? null,
    resolutionUnitMs: 1000,
    byStatus: groups('status'),
    byPriority: groups('priority'),
    byCategory: groups('category'),
    sla,
  });
}
