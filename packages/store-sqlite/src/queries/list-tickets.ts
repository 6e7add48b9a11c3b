import { CompiledQuery, sql as raw } from 'kysely';
import type { Page, Ticket, TicketQuery } from '@tessera/core';
import type { SqlContext } from './context.js';
import { countFtsMatches, countWithoutRows } from './counts.js';
import { searchMatch, type SearchMatch } from './search-match.js';
import { orderTerms, ticketSource, type SearchPlan } from './ticket-filter.js';
import { toTicket, type TicketRow } from './ticket-row.js';

/** The page query and the count query of a ticket list, compiled (also what EXPLAIN tests inspect). */
export interface CompiledList {
  rows: CompiledQuery;
  count: CompiledQuery;
}

/**
 * The page and count queries of a ticket list. With `probe` (a search only), the page is taken
 * from the first `window` rows of the filter without its search in the ordering's index, kept
 * when the FTS5 index lists them: the match list is read over the window's id range only (ids
 * grow with creation, so for the usual orderings that range holds about the window's rows).
 * Exact when the window gives a full page or holds every row of the filter; `listTickets` grows
 * the window until one holds.
 */
export function compileTicketList(
  ctx: SqlContext,
  query: TicketQuery,
  plan: SearchPlan = 'drive',
  search: SearchMatch = searchMatch(ctx, query.filter.searchTerms ?? []),
  window = 1000,
): CompiledList {
  const base = ticketSource(ctx, query.filter, query.now, { match: search });
  // A page filtered on "breached now" walks the ordering index (breaches are a sizeable share, so a
  // page is found early) instead of sorting every breached ticket; its count reads the partial index.
  const steerSla = query.filter.slaBreached === true || query.filter.slaStatus === 'breached';
  const order = orderTerms(query.ordering);
  const { offset, limit } = query.page;
  const count = () => base.select((eb) => eb.fn.countAll<number>().as('count')).compile();
  if (plan === 'probe' && search.fts !== null) {
    // The window: every condition but the index's search terms (common short ones stay as LIKE).
    let candidates = ticketSource(ctx, query.filter, query.now, { steerSla, match: { fts: null, scanned: search.scanned } }).select('t.id');
    for (const term of order) candidates = candidates.orderBy(term);
    const w = candidates.limit(window).compile();
    const orderBy = order.map((term) => raw`${term}`.compile(ctx.kysely).sql).join(', ');
    const { tickets, ticket_search: fts } = ctx.names;
    // MATERIALIZED: the window is read once; its ids and their range feed the FTS5 lookup.
    const sql = `WITH w AS MATERIALIZED (${w.sql})
      SELECT t.* FROM w CROSS JOIN ${tickets} AS t ON t.id = w.id
      WHERE w.id IN (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ? AND rowid BETWEEN (SELECT min(id) FROM w) AND (SELECT max(id) FROM w))
      ORDER BY ${orderBy} LIMIT ? OFFSET ?`;
    const rows = CompiledQuery.raw(sql, [...w.parameters, search.fts, limit, offset]);
    return { rows, get count() { return count(); } };
  }
  let rows = (steerSla ? ticketSource(ctx, query.filter, query.now, { steerSla, match: search }) : base).selectAll('t');
  for (const term of order) rows = rows.orderBy(term);
  return {
    rows: rows.limit(limit).offset(offset).compile(),
    // Compiled on demand: most lists take their count from a short first page or the running totals.
    get count() {
      return count();
    },
  };
}

/**
 * The plan for `m` FTS matches among `n` tickets, for a page ending at row `e`, and the probe's
 * first window: about e·n/m rows of the ordering hold e matches; a quarter more plus a little
 * absorbs chance. Driving costs a row lookup per match plus a sort; probing about a third of a
 * lookup per window row. Probe when that is cheaper.
 */
function searchPlan(matches: number, tickets: number, pageEnd: number): { plan: SearchPlan; window: number } {
  const window = Math.ceil((pageEnd * tickets * 1.25) / Math.max(1, matches)) + 100;
  return { plan: window / 3 < matches ? 'probe' : 'drive', window };
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
  const search = searchMatch(ctx, query.filter.searchTerms ?? []);
  let rows: TicketRow[];
  let compiled: CompiledList;
  let matches: number | undefined;
  if (search.fts === null) {
    compiled = compileTicketList(ctx, query, 'drive', search);
    rows = ctx.all<TicketRow>(compiled.rows);
  } else {
    matches = countFtsMatches(ctx, search.fts);
    const tickets = (ctx.statement(`SELECT coalesce(sum(tickets), 0) AS n FROM ${ctx.names.ticket_counts}`).get() as { n: number }).n;
    let { plan, window } = searchPlan(matches, tickets, offset + limit);
    compiled = compileTicketList(ctx, query, plan, search, window);
    rows = ctx.all<TicketRow>(compiled.rows);
    // A short page from a window that did not hold every ticket: widen it (4× per step).
    while (plan === 'probe' && rows.length < limit && window < tickets) {
      window *= 4;
      compiled = compileTicketList(ctx, query, plan, search, window);
      rows = ctx.all<TicketRow>(compiled.rows);
    }
  }
  const count =
    offset === 0 && rows.length < limit
      ? rows.length
      : (countWithoutRows(ctx, query.filter, query.now, search.scanned.length === 0 ? matches : undefined) ?? ctx.first<{ count: number }>(compiled.count)!.count);
  return { count, rows: rows.map(toTicket) };
}
