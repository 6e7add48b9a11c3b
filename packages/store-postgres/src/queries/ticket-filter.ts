import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { TicketFilter } from '@tessera/core';
import type { Database } from '../schema.js';
import { searchConditions } from './search.js';

type TicketsEb = ExpressionBuilder<Database, 'tickets'>;

/** SQL for "overdue at `now`", matching the partial index `tickets_open_due_idx`. */
export function overdueCondition(eb: TicketsEb, now: Date): Expression<SqlBool> {
  return eb.and([
    eb('due_date', 'is not', null),
    eb('status', 'not in', ['resolved', 'closed']),
    eb('due_date', '<', now),
  ]);
}

/** The conditions of a ticket filter, ANDed (an empty filter is `true`; `false` flags add nothing). */
export function ticketFilter(eb: TicketsEb, filter: TicketFilter, now: Date): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (filter.status !== undefined) conditions.push(eb('status', '=', filter.status));
  if (filter.priority !== undefined) conditions.push(eb('priority', '=', filter.priority));
  if (filter.category !== undefined) conditions.push(eb('category', '=', filter.category));
  if (filter.customerId !== undefined) conditions.push(eb('customer_id', '=', filter.customerId));
  if (filter.assignedToId !== undefined) conditions.push(eb('assigned_to_id', '=', filter.assignedToId));
  if (filter.createdById !== undefined) conditions.push(eb('created_by_id', '=', filter.createdById));
  if (filter.unassigned === true) conditions.push(eb('assigned_to_id', 'is', null));
  if (filter.overdue === true) conditions.push(overdueCondition(eb, now));
  if (filter.createdAfter !== undefined) conditions.push(eb('created_at', '>=', filter.createdAfter));
  if (filter.createdBefore !== undefined) conditions.push(eb('created_at', '<=', filter.createdBefore));
  if (filter.searchTerms?.length) conditions.push(...searchConditions(filter.searchTerms));
  return conditions.length ? eb.and(conditions) : sql<SqlBool>`true`;
}
