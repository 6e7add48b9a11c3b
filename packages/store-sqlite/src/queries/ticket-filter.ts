import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { priorityRank, type TicketFilter, type TicketOrdering } from '@tessera/core';
import type { Database, TicketsTable } from '../schema.js';
import type { SqlContext } from './context.js';

// Trigram tokens are three characters long: shorter terms cannot be looked up in the FTS index.
const TRIGRAM = 3;

/** Whether the trigram index can look `term` up (3+ characters). */
export function indexableTerm(term: string): boolean {
  return [...term].length >= TRIGRAM;
}

/** A search term as an FTS5 string literal: double quotes doubled, so every character is literal. */
function ftsString(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

/** A term as a LIKE pattern matching it anywhere, with `\` escaping `%`, `_` and itself. */
function likeContains(term: string): string {
  return `%${term.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`;
}

/**
 * The FTS5 query for the terms of three or more characters (`"a" AND "b"`), or null when there
 * are none. Each quoted term is a trigram phrase, i.e. a case-insensitive substring of one column.
 */
export function ftsQuery(terms: readonly string[]): string | null {
  const long = terms.filter(indexableTerm);
  return long.length === 0 ? null : long.map(ftsString).join(' AND ');
}

/**
 * Conditions for search terms of one or two characters, which the trigram index cannot look up:
 * `LIKE … ESCAPE` (ASCII case-insensitive) over the four searched columns, evaluated on the rows
 * the other conditions (and the FTS match of the longer terms, when there are any) leave.
 */
function shortTermConditions(terms: readonly string[]): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  for (const term of terms) {
    if (indexableTerm(term)) continue;
    const p = likeContains(term);
    out.push(
      sql<SqlBool>`(t.ticket_number LIKE ${p} ESCAPE '\\' OR t.subject LIKE ${p} ESCAPE '\\' OR t.description LIKE ${p} ESCAPE '\\' OR t.tags LIKE ${p} ESCAPE '\\')`,
    );
  }
  return out;
}

/**
 * "Not resolved or closed", spelled exactly as the expression index `tickets_open` is, so the
 * planner can use it (literal statuses, not parameters).
 */
export const OPEN = sql<number>`(t.status NOT IN ('resolved', 'closed'))`;

/**
 * The SQL conditions (on alias `t`) a ticket filter stands for; AND them together.
 * `byOtherIndex`: write the status/priority/category/unassigned terms as `+column`, which keeps
 * SQLite from driving the query through those low-selectivity indexes — for counts that have a
 * better index of their own (overdue, "mine").
 */
export function ticketConditions(filter: TicketFilter, now: Date, byOtherIndex = false): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  const col = (name: string) => sql.raw(byOtherIndex ? `+t.${name}` : `t.${name}`);
  if (filter.status !== undefined) out.push(sql<SqlBool>`${col('status')} = ${filter.status}`);
  if (filter.priority !== undefined) out.push(sql<SqlBool>`${col('priority_rank')} = ${priorityRank(filter.priority)}`);
  if (filter.category !== undefined) out.push(sql<SqlBool>`${col('category')} = ${filter.category}`);
  if (filter.customerId !== undefined) out.push(sql<SqlBool>`t.customer_id = ${filter.customerId}`);
  if (filter.assignedToId !== undefined) out.push(sql<SqlBool>`t.assigned_to_id = ${filter.assignedToId}`);
  if (filter.createdById !== undefined) out.push(sql<SqlBool>`t.created_by_id = ${filter.createdById}`);
  if (filter.unassigned === true) out.push(sql<SqlBool>`${col('assigned_to_id')} IS NULL`);
  if (filter.overdue === true) {
    out.push(sql<SqlBool>`${OPEN} = 1 AND t.due_date < ${now.getTime()}`);
  }
  if (filter.createdAfter !== undefined) out.push(sql<SqlBool>`t.created_at >= ${filter.createdAfter.getTime()}`);
  if (filter.createdBefore !== undefined) out.push(sql<SqlBool>`t.created_at <= ${filter.createdBefore.getTime()}`);
  if (filter.searchTerms !== undefined) out.push(...shortTermConditions(filter.searchTerms));
  return out;
}

/** The FROM (alias `t`) plus WHERE shared by list, count and statistics queries. */
export type TicketSource = SelectQueryBuilder<Database & { t: TicketsTable }, 't', object>;

/**
 * How a search of 3+ character terms reaches the tickets. `drive`: from the FTS5 match list, one
 * row lookup per match (`CROSS JOIN` pins that loop order). `probe`: walk the ordering's index and
 * test each row against the match list (SQLite loads it into a temporary index once), stopping
 * after a page of matches — better when matches are many.
 */
export type SearchPlan = 'drive' | 'probe';

/** Options of {@link ticketSource}. */
export interface SourceOptions {
  /** See `ticketConditions`. */
  byOtherIndex?: boolean;
  /** Defaults to `drive`. */
  search?: SearchPlan;
}

/**
 * Tickets matching `filter` (search semantics: every term is a substring of ticket
 * number, subject, description or tags), as the FROM (alias `t`) and WHERE of a query.
 */
export function ticketSource(ctx: SqlContext, filter: TicketFilter, now: Date, options: SourceOptions = {}): TicketSource {
  const conditions = ticketConditions(filter, now, options.byOtherIndex);
  const match = ftsQuery(filter.searchTerms ?? []);
  let from: TicketSource;
  if (match === null) {
    from = ctx.kysely.selectFrom('tickets as t');
  } else if (options.search === 'probe') {
    from = ctx.kysely.selectFrom('tickets as t');
    // Unary + keeps the membership test from becoming the loop driver.
    conditions.push(sql<SqlBool>`+t.id IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ${match})`);
  } else {
    from = ctx.kysely
      .selectFrom('ticket_search as s')
      .crossJoin('tickets as t')
      .where(sql<SqlBool>`s.ticket_search MATCH ${match}`)
      .where(sql<SqlBool>`t.id = s.rowid`) as unknown as TicketSource;
  }
  return conditions.length === 0 ? from : from.where((eb) => eb.and(conditions));
}

/**
 * ORDER BY terms for an ordering, each matching an index: ties by id in the same direction,
 * missing due dates last ascending and first descending (the `due_date IS NULL` key).
 */
export function orderTerms(ordering: TicketOrdering): Expression<unknown>[] {
  const dir = sql.raw(ordering.direction === 'asc' ? 'ASC' : 'DESC');
  const keys: Record<TicketOrdering['field'], string[]> = {
    created_at: ['t.created_at'],
    updated_at: ['t.updated_at'],
    due_date: ['(t.due_date IS NULL)', 't.due_date'],
    priority: ['t.priority_rank'],
    status: ['t.status'],
    ticket_number: ['t.sequence'],
  };
  return [...keys[ordering.field], 't.id'].map((key) => sql`${sql.raw(key)} ${dir}`);
}
