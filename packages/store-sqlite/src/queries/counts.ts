import { sql, type Expression, type SqlBool } from 'kysely';
import { priorityRank, type TicketFilter } from '@tessera/core';
import type { SqlContext } from './context.js';
import { activeFilterKeys, breachedCountPlan, slaUnrecordedBreachCondition, totalsAnswer } from '@tessera/store-kysely';
import { overdueOnPartialIndex, sqliteDialect } from '../dialect.js';
import { searchMatch } from './search-match.js';
import { ticketSource } from './ticket-filter.js';

const DAY_MS = 86_400_000;
const DATE_KEYS = new Set(['createdAfter', 'createdBefore']);
// Columns of the partial index tickets_overdue, besides due_date.
const OVERDUE_KEYS = new Set(['overdue', 'status', 'priority', 'category', 'unassigned', 'assignedToId', 'createdById']);

/**
 * Conditions on `ticket_counts` (alias `c`) equivalent to `filter`, or null when the filter uses
 * anything beyond status, priority, category and unassigned (the table's grouping columns).
 */
export function groupConditions(filter: TicketFilter): Expression<SqlBool>[] | null {
  if (!totalsAnswer(filter)) return null;
  const out: Expression<SqlBool>[] = [];
  if (filter.status !== undefined) out.push(sql<SqlBool>`c.status = ${filter.status}`);
  if (filter.priority !== undefined) out.push(sql<SqlBool>`c.priority_rank = ${priorityRank(filter.priority)}`);
  if (filter.category !== undefined) out.push(sql<SqlBool>`c.category = ${filter.category}`);
  if (filter.unassigned === true) out.push(sql<SqlBool>`c.unassigned = 1`);
  return out;
}

function countCreatedBetween(ctx: SqlContext, from: number, to: number): number {
  if (from > to) return 0;
  const row = ctx.statement(`SELECT count(*) AS n FROM ${ctx.names.tickets} WHERE created_at BETWEEN ? AND ?`).get(from, to) as { n: number };
  return row.n;
}

/**
 * Tickets created in [after, before]: whole UTC days inside the range from `ticket_days`, the
 * partial days at either end from the created_at index (at most a day of tickets each).
 */
function countCreatedRange(ctx: SqlContext, after: Date | undefined, before: Date | undefined): number {
  const a = after?.getTime();
  const b = before?.getTime();
  if (a !== undefined && b !== undefined && a > b) return 0;
  const dayA = a === undefined ? undefined : Math.floor(a / DAY_MS);
  const dayB = b === undefined ? undefined : Math.floor(b / DAY_MS);
  let n = 0;
  if (a !== undefined) n += countCreatedBetween(ctx, a, Math.min(b ?? Infinity, (dayA! + 1) * DAY_MS - 1));
  if (b !== undefined && (dayA === undefined || dayB! > dayA)) n += countCreatedBetween(ctx, Math.max(a ?? -Infinity, dayB! * DAY_MS), b);
  if (dayA === undefined || dayB === undefined || dayB > dayA + 1) {
    const middle = ctx
      .statement(`SELECT coalesce(sum(tickets), 0) AS n FROM ${ctx.names.ticket_days} WHERE day > ? AND day < ?`)
      .get(dayA ?? Number.MIN_SAFE_INTEGER, dayB ?? Number.MAX_SAFE_INTEGER) as { n: number };
    n += middle.n;
  }
  return n;
}

/** Number of tickets in the store, from the running totals. */
export function ticketTotal(ctx: SqlContext): number {
  return (ctx.statement(`SELECT coalesce(sum(tickets), 0) AS n FROM ${ctx.names.ticket_counts}`).get() as { n: number }).n;
}

/** Number of tickets whose text matches an FTS5 query of `index`, read from the index alone. */
export function countFtsMatches(ctx: SqlContext, index: string, match: string): number {
  return (ctx.statement(`SELECT count(*) AS n FROM ${index} WHERE ${index} MATCH ?`).get(match) as { n: number }).n;
}

/**
 * The number of tickets matching `filter` without visiting ticket rows — from the running totals,
 * from the FTS index alone (a search and nothing else), or from the partial
 * overdue index — or null when the filter needs a real count. `ftsMatches`: the FTS count of the
 * filter's search terms, when the caller has it already and every term went through the index.
 */
export function countWithoutRows(ctx: SqlContext, filter: TicketFilter, now: Date, ftsMatches?: number): number | null {
  const keys = activeFilterKeys(filter);
  if (keys.length === 1 && keys[0] === 'searchTerms') {
    if (ftsMatches !== undefined) return ftsMatches;
    const search = searchMatch(ctx, filter.searchTerms ?? []);
    if (search.scanned.length === 0 && search.fts !== null) return countFtsMatches(ctx, search.index, search.fts);
    return null;
  }
  if (filter.overdue === true && keys.every((key) => OVERDUE_KEYS.has(key))) {
    // Open tickets only, read from the covering partial index (no table rows).
    const query = ticketSource(ctx, { ...filter, overdue: false }, now, { byOtherIndex: true })
      .where(overdueOnPartialIndex(now))
      .select(sql<number>`count(*)`.as('n'))
      .compile();
    return ctx.first<{ n: number }>(query)!.n;
  }
  if (keys.length > 0 && keys.every((key) => DATE_KEYS.has(key))) {
    return countCreatedRange(ctx, filter.createdAfter, filter.createdBefore);
  }
  const breached = breachedCountPlan(filter);
  if (breached !== null) return countBreached(ctx, breached.groups, now, breached.breached);
  const conditions = groupConditions(filter);
  if (conditions === null) return null;
  return sumTotals(ctx, conditions).tickets;
}

/** Sums of `ticket_counts` (tickets, recorded SLA breaches) over the groups matching `conditions`. */
function sumTotals(ctx: SqlContext, conditions: Expression<SqlBool>[]): { tickets: number; recorded: number } {
  const from = ctx.kysely.selectFrom(ctx.from('ticket_counts', 'c') as unknown as 'ticket_counts as c');
  const query = (conditions.length === 0 ? from : from.where((eb) => eb.and(conditions)))
    .select([sql<number>`coalesce(sum(c.tickets), 0)`.as('tickets'), sql<number>`coalesce(sum(c.sla_breached), 0)`.as('recorded')])
    .compile();
  return ctx.first<{ tickets: number; recorded: number }>(query)!;
}

/**
 * Tickets of the totals groups matching `groups` that are breached now (or not, `breached` false):
 * recorded breaches from the totals, plus the unrecorded ones from the `tickets_sla_breach_at`
 * range between the epoch and `now` — short, since `tick` records breaches as they fall due.
 */
function countBreached(ctx: SqlContext, groups: TicketFilter, now: Date, breached: boolean): number {
  const totals = sumTotals(ctx, groupConditions(groups)!);
  // `+column` on the group terms keeps the breach-time index driving.
  const unrecorded = ticketSource(ctx, groups, now, { byOtherIndex: true })
    .where(slaUnrecordedBreachCondition(sqliteDialect, now, 't.'))
    .select(sql<number>`count(*)`.as('n'))
    .compile();
  const n = totals.recorded + ctx.first<{ n: number }>(unrecorded)!.n;
  return breached ? n : totals.tickets - n;
}
