import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { TicketFilter } from '@tessera/core';
import { ticketConditions } from '@tessera/store-kysely';
import { postgresDialect } from '../dialect.js';
import type { Database } from '../schema.js';
import { termConditions, type TermWay } from './search-terms.js';

type TicketsEb = ExpressionBuilder<Database, 'tickets'>;

/** SQL for "overdue at `now`", matching the partial index `tickets_open_due_idx`. */
export function overdueCondition(_eb: TicketsEb, now: Date): Expression<SqlBool> {
  return postgresDialect.overdueCondition('', now);
}

/** How a search alone matches its terms (`planSearchTerms`), and the schema of its indexes. */
export interface SearchWay {
  schema: string;
  ways: readonly TermWay[];
}

/**
 * The conditions of a ticket filter, ANDed (an empty filter is `true`; `false` flags add nothing).
 * Without `search`, every term is matched on the document expression (`searchConditions`).
 */
export function ticketFilter(eb: TicketsEb, filter: TicketFilter, now: Date, search?: SearchWay): Expression<SqlBool> {
  const { searchTerms = [], ...rest } = filter;
  const conditions = ticketConditions(postgresDialect, search ? rest : filter, now);
  if (search && searchTerms.length > 0) conditions.push(...termConditions(search.schema, search.ways));
  return conditions.length ? eb.and(conditions) : sql<SqlBool>`true`;
}
