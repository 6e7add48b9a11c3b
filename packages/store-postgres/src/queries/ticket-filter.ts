import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { TicketFilter } from '@tessera/core';
import { ticketConditions } from '@tessera/store-kysely';
import { postgresDialect } from '../dialect.js';
import type { Database } from '../schema.js';

type TicketsEb = ExpressionBuilder<Database, 'tickets'>;

/** SQL for "overdue at `now`", matching the partial index `tickets_open_due_idx`. */
export function overdueCondition(_eb: TicketsEb, now: Date): Expression<SqlBool> {
  return postgresDialect.overdueCondition('', now);
}

/** The conditions of a ticket filter, ANDed (an empty filter is `true`; `false` flags add nothing). */
export function ticketFilter(eb: TicketsEb, filter: TicketFilter, now: Date): Expression<SqlBool> {
  const conditions = ticketConditions(postgresDialect, filter, now);
  return conditions.length ? eb.and(conditions) : sql<SqlBool>`true`;
}
