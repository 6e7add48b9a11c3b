import { CompiledQuery, sql as raw } from 'kysely';
import type { Page, Ticket, TicketQuery } from '@tessera/core';
import type { SqlContext } from './context.js';
import { countFtsMatches, countWithoutRows, ticketTotal } from './counts.js';
import { searchMatch, wordIndexPostingLists, type SearchMatch } from './search-match.js';
import { activeFilterKeys } from '@tessera/store-kysely';
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
  // The count is compiled on demand: most lists take it from a short first page or the running totals.
  const count = () => base.select((eb) => eb.fn.countAll<number>().as('count')).compile();
  const list = (rows: CompiledQuery): CompiledList => ({ rows, get count() { return count(); } });
  // The ORDER BY of the statements written out as SQL text around a compiled part.
  const orderBy = () => order.map((term) => raw`${term}`.compile(ctx.kysely).sql).join(', ');
  if (plan === 'probe' && search.fts !== null) {
    const w = compileWindow(ctx, query, search, window);
    const { tickets } = ctx.names;
    const fts = search.index;
    // MATERIALIZED: the window is read once; its ids and their range feed the FTS5 lookup.
    const sql = `WITH w AS MATERIALIZED (${w.sql})
      SELECT t.* FROM w CROSS JOIN ${tickets} AS t ON t.id = w.id
      WHERE w.id IN (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ? AND rowid BETWEEN (SELECT min(id) FROM w) AND (SELECT max(id) FROM w))
      ORDER BY ${orderBy()} LIMIT ? OFFSET ?`;
    return list(CompiledQuery.raw(sql, [...w.parameters, search.fts, limit, offset]));
  }
  if (search.fts !== null && !steerSla) {
    // Driven by the index's matches, every one of which is sorted: sort their ids, then read the
    // page's rows (sorting whole rows decodes every match; at 4,000 matches that is 3× slower).
    let ids = base.select('t.id');
    for (const term of order) ids = ids.orderBy(term);
    const page = ids.limit(limit).offset(offset).compile();
    return list(CompiledQuery.raw(`SELECT t.* FROM ${ctx.names.tickets} AS t WHERE t.id IN (${page.sql}) ORDER BY ${orderBy()}`, [...page.parameters]));
  }
  let rows = (steerSla ? ticketSource(ctx, query.filter, query.now, { steerSla, match: search }) : base).selectAll('t');
  for (const term of order) rows = rows.orderBy(term);
  return list(rows.limit(limit).offset(offset).compile());
}

/**
 * The ids of the first `window` tickets of the ordering that pass every condition but the FTS
 * index's search terms (common short ones stay as LIKE): the rows a probe checks against the index.
 */
function compileWindow(ctx: SqlContext, query: TicketQuery, search: SearchMatch, window: number): CompiledQuery {
  const steerSla = query.filter.slaBreached === true || query.filter.slaStatus === 'breached';
  let candidates = ticketSource(ctx, query.filter, query.now, { steerSla, match: { ...search, fts: null } }).select('t.id');
  for (const term of orderTerms(query.ordering)) candidates = candidates.orderBy(term);
  return candidates.limit(window).compile();
}

/** Most entries of the match list a probe steps through in JavaScript (see {@link windowMatches}). */
const MAX_STEPPED_MATCHES = 256;

/**
 * Which of `ids` the FTS index lists, read from the nearer end of the match list, which FTS5
 * walks in rowid order and starts at either end at once (a rowid range in the middle of the list
 * costs it about as much as the whole list). Null when, by the matches' share of ids, more than
 * `MAX_STEPPED_MATCHES` entries lie between that end and the ids, or when stepping meets four
 * times that many (the probe's SQL then reads the range instead).
 */
function windowMatches(ctx: SqlContext, search: SearchMatch & { fts: string }, ids: readonly number[], matches: number): Set<number> | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const id of ids) {
    if (id < lo) lo = id;
    if (id > hi) hi = id;
  }
  const top = (ctx.prepared(maxTicketId).pluck(true).get() as number | null) ?? 0;
  // Matches are spread over ids about evenly: this many lie above `lo`, or below `hi`.
  const fromTop = (matches * (top - lo + 1)) / Math.max(1, top);
  const fromBottom = (matches * hi) / Math.max(1, top);
  if (Math.min(fromTop, fromBottom) > MAX_STEPPED_MATCHES) return null;
  const descending = fromTop <= fromBottom;
  const list = ctx
    .statement(`SELECT rowid FROM ${search.index} WHERE ${search.index} MATCH ? ORDER BY rowid ${descending ? 'DESC' : 'ASC'}`)
    .pluck(true);
  const found = new Set<number>();
  let stepped = 0;
  for (const id of list.iterate(search.fts) as IterableIterator<number>) {
    if (descending ? id < lo : id > hi) return found; // leaving the loop ends the statement
    // Matches crowd that end (a term of this week's tickets): give the range to SQL after all.
    if (++stepped > 4 * MAX_STEPPED_MATCHES) return null;
    if (id >= lo && id <= hi) found.add(id);
  }
  return found;
}
const maxTicketId = (n: { tickets: string }) => `SELECT max(id) FROM ${n.tickets}`;

/**
 * A probe's page: the window's ids in order, those the index lists, then their rows — or, when
 * the window's ids lie deep inside the match list, the probe's SQL.
 */
function probePage(ctx: SqlContext, query: TicketQuery, search: SearchMatch & { fts: string }, window: number, matches: number): TicketRow[] {
  const w = compileWindow(ctx, query, search, window);
  const ids = ctx.statement(w.sql).pluck(true).all(...(w.parameters as unknown[])) as number[];
  const found = ids.length === 0 ? new Set<number>() : windowMatches(ctx, search, ids, matches);
  if (found === null) return ctx.all<TicketRow>(compileTicketList(ctx, query, 'probe', search, window).rows);
  const { offset, limit } = query.page;
  const page = ids.filter((id) => found.has(id)).slice(offset, offset + limit);
  if (page.length === 0) return [];
  const byId = new Map(
    (ctx.prepared(ticketsById).all(JSON.stringify(page)) as TicketRow[]).map((row) => [row.id, row]),
  );
  return page.map((id) => byId.get(id)!);
}
const ticketsById = (n: { tickets: string }) => `SELECT * FROM ${n.tickets} WHERE id IN (SELECT value FROM json_each(?))`;

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
  let matches: number | undefined;
  if (search.fts === null) {
    rows = ctx.all<TicketRow>(compileTicketList(ctx, query, 'drive', search).rows);
  } else {
    const fts = { ...search, fts: search.fts };
    matches = countFtsMatches(ctx, search.index, search.fts);
    const tickets = ticketTotal(ctx);
    let { plan, window } = searchPlan(matches, tickets, offset + limit);
    rows = plan === 'probe' ? probePage(ctx, query, fts, window, matches) : ctx.all<TicketRow>(compileTicketList(ctx, query, plan, search).rows);
    // A short page from a window that did not hold every ticket: widen it (4× per step) while
    // that stays cheaper than driving. Matches are not spread evenly after all (a term absent
    // from the newest tickets), so the estimate that chose probing no longer holds.
    while (plan === 'probe' && rows.length < limit && window < tickets) {
      window *= 4;
      if (window / 3 >= matches) plan = 'drive';
      rows = plan === 'probe' ? probePage(ctx, query, fts, window, matches) : ctx.all<TicketRow>(compileTicketList(ctx, query, plan, search).rows);
    }
  }
  const count =
    offset === 0 && rows.length < limit
      ? rows.length
      : (countWithoutRows(ctx, query.filter, query.now, search.scanned.length === 0 ? matches : undefined) ??
        ctx.first<{ count: number }>(compileTicketList(ctx, query, 'drive', search).count)!.count);
  return { count, rows: rows.map(toTicket) };
}

/**
 * Most posting-list entries a search may read on the caller's thread (words read × tickets; a
 * word's list holds at most one entry per ticket, plus entries of updates not yet merged away).
 * FTS5 reads about 20 million a second on a small server, so this is ≈ 12 ms at the very most; a
 * two-word search of 20,000 tickets reads at most 40,000.
 */
export const MAX_CALLER_THREAD_POSTINGS = 250_000;
/** Deepest page end a search may ask for on the caller's thread (a deep page reads more rows). */
const MAX_CALLER_THREAD_PAGE_END = 500;

/**
 * A ticket list with search terms, when it is cheap whatever its terms (see {@link listIsCheap});
 * else null, having read nothing but the vocabulary. One snapshot for both.
 */
export function listTicketsIfCheap(ctx: SqlContext, query: TicketQuery, maxPostings = MAX_CALLER_THREAD_POSTINGS): Page<Ticket> | null {
  return ctx.snapshot(() => (listIsCheap(ctx, query, maxPostings) ? listOnSnapshot(ctx, query) : null));
}

/**
 * Whether a ticket list with search terms is cheap whatever its terms, so it can run on the
 * caller's thread instead of a query worker: a search and no other filter, within the first
 * pages, every term answered by the word index, whose posting lists together hold at most
 * `maxPostings` entries. Its count then comes from the index alone and its page from a short walk
 * of the ordering's index or one row read per match.
 */
function listIsCheap(ctx: SqlContext, query: TicketQuery, maxPostings: number): boolean {
  const keys = activeFilterKeys(query.filter);
  if (keys.length !== 1 || keys[0] !== 'searchTerms') return false;
  if (query.page.offset + query.page.limit > MAX_CALLER_THREAD_PAGE_END) return false;
  const lists = wordIndexPostingLists(ctx, query.filter.searchTerms ?? []);
  // The highest id bounds the number of tickets (ids only grow) and is one seek away.
  return lists !== null && lists * ((ctx.prepared(maxTicketId).pluck(true).get() as number | null) ?? 0) <= maxPostings;
}
