import type { CompiledQuery } from 'kysely';
import type { Page, Ticket, TicketQuery } from '@tessera/core';
import type { SqlContext } from './context.js';
import { countWithoutRows } from './counts.js';
import { orderTerms, ticketSource } from './ticket-filter.js';
import { toTicket, type TicketRow } from './ticket-row.js';

/** The page query and the count query of a ticket list, compiled (also what EXPLAIN tests inspect). */
export function compileTicketList(ctx: SqlContext, query: TicketQuery): { rows: CompiledQuery; count: CompiledQuery } {
  const base = ticketSource(ctx, query.filter, query.now);
  let rows = base.selectAll('t');
  for (const term of orderTerms(query.ordering)) rows = rows.orderBy(term);
  return {
    rows: rows.limit(query.page.limit).offset(query.page.offset).compile(),
    count: base.select((eb) => eb.fn.countAll<number>().as('count')).compile(),
  };
}

/**
 * One page of tickets and the number matching, both computed in SQL. When the page is the first
 * and comes back short, its length is the count; otherwise the running totals answer when the
 * filter allows, and a COUNT over the filter's index when not.
 */
export function listTickets(ctx: SqlContext, query: TicketQuery): Page<Ticket> {
  return ctx.snapshot(() => listOnSnapshot(ctx, query));
}

function listOnSnapshot(ctx: SqlContext, query: TicketQuery): Page<Ticket> {
  const compiled = compileTicketList(ctx, query);
  const rows = ctx.all<TicketRow>(compiled.rows);
  const { offset, limit } = query.page;
  const count =
    offset === 0 && rows.length < limit
      ? rows.length
      : (countWithoutRows(ctx, query.filter, query.now) ?? ctx.first<{ count: number }>(compiled.count)!.count);
  return { count, rows: rows.map(toTicket) };
}
