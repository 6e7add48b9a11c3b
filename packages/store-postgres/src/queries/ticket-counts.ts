import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { TicketFilter } from '@tessera/core';
import { breachedCountPlan, slaUnrecordedBreachCondition, totalsAnswer } from '@tessera/store-kysely';
import { postgresDialect } from '../dialect.js';
import { ticketFilter } from './ticket-filter.js';
import type { Database } from '../schema.js';

/**
 * When to fold deltas: once a read sums more than twice the rows the last compaction left
 * (and at least `MIN_ROWS`). Compaction leaves one row per non-empty group, which can be
 * hundreds, so a fixed threshold would compact on every read. Per store instance; only a heuristic.
 */
export interface CompactionState {
  compactedRows: number;
}

/** What summary reads need besides the connection: the schema and this store's compaction state. */
export interface CountsContext {
  schema: string;
  counts: CompactionState;
  /** `ticket_day_counts`: rows per day its last compaction by this store left (see `compactDaysIfNeeded`). */
  days: { rowsPerDay: number };
}
const MIN_ROWS = 1000;

/**
 * Whether the filter only constrains status, priority, category and/or `unassigned` — the
 * dimensions `ticket_counts` is grouped by — so counts can come from it.
 */
export const summaryAnswers = totalsAnswer;

/** The summary-table conditions equivalent to a filter that `summaryAnswers`. */
export function summaryConditions(eb: ExpressionBuilder<Database, 'ticket_counts'>, filter: TicketFilter): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (filter.status !== undefined) conditions.push(eb('status', '=', filter.status));
  if (filter.priority !== undefined) conditions.push(eb('priority', '=', filter.priority));
  if (filter.category !== undefined) conditions.push(eb('category', '=', filter.category));
  if (filter.unassigned === true) conditions.push(eb('unassigned', '=', true));
  return conditions.length ? eb.and(conditions) : sql<SqlBool>`true`;
}

/**
 * Folds `ticket_counts` deltas together when a read had to sum many of them. Runs in its own
 * statement; concurrent writers keep inserting deltas undisturbed.
 */
export async function compactIfNeeded(
  db: Kysely<Database>,
  rowsRead: number,
  ctx: CountsContext,
): Promise<void> {
  if (rowsRead <= Math.max(MIN_ROWS, 2 * ctx.counts.compactedRows)) return;
  const { rows } = await sql<{ left: number }>`select ${sql.id(ctx.schema, 'compact_ticket_counts')}() as left`.execute(db);
  ctx.counts.compactedRows = rows[0]?.left ?? 0;
}

/**
 * Whether a list count over `filter` can come from `ticket_counts`: a filter on its dimensions,
 * possibly with "breached now" (`slaBreached`, `slaStatus: 'breached'`), see `countFromSummary`.
 */
export function countAnswers(filter: TicketFilter): boolean {
  return summaryAnswers(filter) || breachedCountPlan(filter) !== null;
}

/**
 * The query for the exact number of tickets matching a filter `countAnswers` accepts (a sum over a
 * few delta rows) as `count`, with the number of delta rows read as `rows` (for `compactIfNeeded`).
 * "Breached now" adds the recorded breaches of those groups to the unrecorded ones, counted on the
 * `tickets_sla_breach_at` range between the epoch and `now` (short: `tick` records breaches as
 * they fall due); "not breached" is the rest of the groups' tickets.
 */
export function countFromSummary(db: Kysely<Database>, filter: TicketFilter, now: Date) {
  const plan = breachedCountPlan(filter);
  const groups = plan?.groups ?? filter;
  const sums = db.selectFrom('ticket_counts').where((eb) => summaryConditions(eb, groups));
  if (plan === null) return sums.select([sql<number>`coalesce(sum(n), 0)`.as('count'), sql<number>`count(*)`.as('rows')]);
  const unrecorded = db
    .selectFrom('tickets')
    .where((eb) => eb.and([ticketFilter(eb, groups, now), slaUnrecordedBreachCondition(postgresDialect, now)]))
    .select((eb) => eb.fn.countAll<number>().as('n'));
  const breached = sql<number>`(coalesce(sum(sla_breached), 0) + (${unrecorded}))`;
  return sums.select([
    (plan.breached ? breached : sql<number>`coalesce(sum(n), 0) - ${breached}`).as('count'),
    sql<number>`count(*)`.as('rows'),
  ]);
}
