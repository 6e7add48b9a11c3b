import type { CompiledQuery } from 'kysely';
import type { Page, Ticket, TicketQuery } from '@tessera/core';
import type { SqlContext } from './context.js';
import { countFtsMatches, countWithoutRows } from './counts.js';
import { searchMatch } from './search-match.js';
import { orderTerms, ticketSource, type SearchPlan } from './ticket-filter.js';
import { toTicket, type TicketRow } from './ticket-row.js';

/** The page query and the count query of a ticket list, compiled (also what EXPLAIN tests inspect). */
export function compileTicketList(
  ctx: SqlContext,
  query: TicketQuery,
  search: SearchPlan = 'drive',
  match: string | null = searchMatch(ctx, query.filter.searchTerms ?? []),
): { rows: CompiledQuery; count: CompiledQuery } {
  const base = ticketSource(ctx, query.filter, query.now, { search, match });
  // A page filtered on "breached now" walks the ordering index (breaches are a sizeable share, so a
  // page is found early) instead of sorting every breached ticket; its count reads the partial index.
  const steerSla = query.filter.slaBreached === true || query.filter.slaStatus === 'breached';
  let rows = (steerSla ? ticketSource(ctx, query.filter, query.now, { search, steerSla, match }) : base).selectAll('t');
  for (const term of orderTerms(query.ordering)) rows = rows.orderBy(term);
  const counted = search === 'drive' ? base : ticketSource(ctx, query.filter, query.now, { match });
  return {
    rows: rows.limit(query.page.limit).offset(query.page.offset).compile(),
    // Compiled on demand: most lists take their count from a short first page or the running totals.
    get count() {
      return counted.select((eb) => eb.fn.countAll<number>().as('count')).compile();
    },
  };
}

/**
 * Picks the search plan from the number of FTS matches `m` among `n` tickets, for a page ending
 * at row `e`. Driving costs about one row lookup per match; probing about m/6 (loading the match
 * list) plus e·n/m index steps at roughly a third of a lookup each. Probe when that is cheaper.
 */
function searchPlan(matches: number, tickets: number, pageEnd: number): SearchPlan {
  return matches / 6 + (pageEnd * tickets) / Math.max(1, matches) / 3 < matches ? 'probe' : 'drive';
}

/**
 * One page of tickets and the number matching, both computed in SQL on one snapshot. When the
 * page is the first and comes back short, its length is the count; otherwise the running totals,
 * the FTS index or a partial index answer when the filter allows, and a COUNT over the filter's
 * index when not.
 */
export function listTickets(ctx: SqlContext, query: TicketQuery): Page<Ticket> {
  return ctx.snapshot(() => listOnSnapshot(ctx, query));
}

function listOnSnapshot(ctx: SqlContext, query: TicketQuery): Page<Ticket> {
  const { offset, limit } = query.page;
  const match = searchMatch(ctx, query.filter.searchTerms ?? []);
  let plan: SearchPlan = 'drive';
  let matches: number | undefined;
  if (match !== null) {
    matches = countFtsMatches(ctx, match);
    const tickets = (ctx.statement(`SELECT coalesce(sum(tickets), 0) AS n FROM ${ctx.names.ticket_counts}`).get() as { n: number }).n;
    plan = searchPlan(matches, tickets, offset + limit);
  }
  const compiled = compileTicketList(ctx, query, plan, match);
  const rows = ctx.all<TicketRow>(compiled.rows);
  const count =
    offset === 0 && rows.length < limit
      ? rows.length
      : (countWithoutRows(ctx, query.filter, query.now, matches) ?? ctx.first<{ count: number }>(compiled.count)!.count);
  return { count, rows: rows.map(toTicket) };
}
