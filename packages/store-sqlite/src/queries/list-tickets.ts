import type { Page, Ticket, TicketQuery } from '@tessera/core';
import type { SqlContext } from './context.js';
import { orderTerms, ticketConditions } from './ticket-filter.js';
import { toTicket, type TicketRow } from './ticket-row.js';

/**
 * One page of tickets and the number matching, both computed in SQL. When the page is the first
 * and comes back short, its length is the count and the COUNT query is skipped.
 */
export function listTickets(ctx: SqlContext, query: TicketQuery): Page<Ticket> {
  const conditions = ticketConditions(query.filter, query.now);
  const from = ctx.kysely.selectFrom('tickets as t');
  const base = conditions.length === 0 ? from : from.where((eb) => eb.and(conditions));
  let rowsQuery = base.selectAll('t');
  for (const term of orderTerms(query.ordering)) rowsQuery = rowsQuery.orderBy(term);
  const { offset, limit } = query.page;
  const rows = ctx.all<TicketRow>(rowsQuery.limit(limit).offset(offset).compile());
  let count: number;
  if (offset === 0 && rows.length < limit) {
    count = rows.length;
  } else {
    const countQuery = base.select((eb) => eb.fn.countAll<number>().as('count')).compile();
    count = ctx.first<{ count: number }>(countQuery)!.count;
  }
  return { count, rows: rows.map(toTicket) };
}
