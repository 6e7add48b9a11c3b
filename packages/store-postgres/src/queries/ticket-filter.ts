import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { TicketFilter } from '@tessera/core';
import { ticketConditions } from '@tessera/store-kysely';
import { postgresDialect } from '../dialect.js';
import type { Database } from '../schema.js';
import { indexedSearchConditions } from './search.js';

type TicketsEb = ExpressionBuilder<Database, 'tickets'>;

/** SQL for "overdue at `now`", matching the partial index `tickets_open_due_idx`. */
export function overdueCondition(_eb: TicketsEb, now: Date): Expression<SqlBool> {
  return postgresDialect.overdueCondition('', now);
}

/**
 * The schema whose word index and vocabulary a filter's search terms are matched through
 * (`indexedSearchConditions`).
 */
export interface SearchWay {
  schema: string;
}

/**
 * The conditions of a ticket filter, ANDed (an empty filter is `true`; `false` flags add nothing).
 * Without `search`, every term is matched on the document expression (`searchConditions`).
 */
export function ticketFilter(eb: TicketsEb, filter: TicketFilter, now: Date, search?: SearchWay): Expression<SqlBool> {
  const { searchTerms = [], ...rest } = filter;
  const conditions = ticketConditions(postgresDialect, search ? rest : filter, now);
  if (search && searchTerms.length > 0) conditions.push(...indexedSearchConditions(search.schema, searchTerms));
  return conditions.length ? eb.and(conditions) : sql<SqlBool>`true`;
}
