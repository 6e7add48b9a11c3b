import { sql, type Expression, type SqlBool } from 'kysely';
import { priorityRank, type TicketFilter, type TicketOrdering } from '@tessera/core';

// Trigram tokens are three characters long: shorter terms cannot be looked up in the FTS index.
const TRIGRAM = 3;

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
  const long = terms.filter((t) => [...t].length >= TRIGRAM);
  return long.length === 0 ? null : long.map(ftsString).join(' AND ');
}

/**
 * Search conditions (SPEC §6): every term must be a substring of ticket number, subject,
 * description or tags. Terms of 3+ characters go through the trigram index; shorter ones fall
 * back to `LIKE … ESCAPE` (ASCII case-insensitive) on the rows the other conditions leave.
 */
function searchConditions(terms: readonly string[]): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  const match = ftsQuery(terms);
  if (match !== null) out.push(sql<SqlBool>`t.id IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ${match})`);
  for (const term of terms) {
    if ([...term].length >= TRIGRAM) continue;
    const p = likeContains(term);
    out.push(
      sql<SqlBool>`(t.ticket_number LIKE ${p} ESCAPE '\\' OR t.subject LIKE ${p} ESCAPE '\\' OR t.description LIKE ${p} ESCAPE '\\' OR t.tags LIKE ${p} ESCAPE '\\')`,
    );
  }
  return out;
}

/** The SQL conditions (on alias `t`) a ticket filter stands for; AND them together. */
export function ticketConditions(filter: TicketFilter, now: Date): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (filter.status !== undefined) out.push(sql<SqlBool>`t.status = ${filter.status}`);
  if (filter.priority !== undefined) out.push(sql<SqlBool>`t.priority_rank = ${priorityRank(filter.priority)}`);
  if (filter.category !== undefined) out.push(sql<SqlBool>`t.category = ${filter.category}`);
  if (filter.customerId !== undefined) out.push(sql<SqlBool>`t.customer_id = ${filter.customerId}`);
  if (filter.assignedToId !== undefined) out.push(sql<SqlBool>`t.assigned_to_id = ${filter.assignedToId}`);
  if (filter.createdById !== undefined) out.push(sql<SqlBool>`t.created_by_id = ${filter.createdById}`);
  if (filter.unassigned === true) out.push(sql<SqlBool>`t.assigned_to_id IS NULL`);
  if (filter.overdue === true) {
    // The status list is literal SQL so the planner can match the partial index tickets_open_due.
    out.push(sql<SqlBool>`t.due_date < ${now.getTime()} AND t.status NOT IN ('resolved', 'closed')`);
  }
  if (filter.createdAfter !== undefined) out.push(sql<SqlBool>`t.created_at >= ${filter.createdAfter.getTime()}`);
  if (filter.createdBefore !== undefined) out.push(sql<SqlBool>`t.created_at <= ${filter.createdBefore.getTime()}`);
  if (filter.searchTerms !== undefined && filter.searchTerms.length > 0) out.push(...searchConditions(filter.searchTerms));
  return out;
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
