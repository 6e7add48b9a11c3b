import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { TicketFilter } from '@tessera/core';
import type { Database } from '../schema.js';

/** Delta rows a read may sum before the store folds them together. */
const COMPACT_AFTER_ROWS = 500;

/** Filter fields `ticket_counts` can answer; any other set field needs the tickets table. */
const SUMMARY_FIELDS = new Set(['status', 'priority', 'category', 'unassigned']);

/**
 * Whether the filter only constrains status, priority, category and/or `unassigned` — the
 * dimensions `ticket_counts` is grouped by — so counts can come from it.
 */
export function summaryAnswers(filter: TicketFilter): boolean {
  return Object.entries(filter).every(([key, value]) => {
    // `false` flags and an empty term list add no condition.
    if (value === undefined || value === false) return true;
    if (key === 'searchTerms') return (value as string[]).length === 0;
    return SUMMARY_FIELDS.has(key);
  });
}

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
export async function compactIfNeeded(db: Kysely<Database>, rowsRead: number, schema: string): Promise<void> {
  if (rowsRead <= COMPACT_AFTER_ROWS) return;
  await sql`select ${sql.id(schema, 'compact_ticket_counts')}()`.execute(db);
}

/** Exact number of tickets matching a summary-answerable filter: a sum over a few delta rows. */
export async function countFromSummary(db: Kysely<Database>, filter: TicketFilter, schema: string): Promise<number> {
  const row = await db
    .selectFrom('ticket_counts')
    .where((eb) => summaryConditions(eb, filter))
    .select([sql<number>`coalesce(sum(n), 0)`.as('count'), sql<number>`count(*)`.as('rows')])
    .executeTakeFirstOrThrow();
  await compactIfNeeded(db, row.rows, schema);
  return row.count;
}
