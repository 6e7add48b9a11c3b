import { sql, type Kysely, type Selectable } from 'kysely';
import type { Page, Ticket, TicketFilter, TicketQuery } from '@tessera/core';
import { activeFilterKeys, orderColumn, orderTerms } from '@tessera/store-kysely';
import { postgresDialect } from '../dialect.js';
import type { Database, TicketsTable } from '../schema.js';
import { planSearchTerms, searchReadsVocabulary } from './search-terms.js';
import { compactDaysIfNeeded, DAY_ROWS_READ, dayWindowPlan, dayWindowRows } from './day-counts.js';
import { compactIfNeeded, countAnswers, countFromSummary, type CountsContext } from './ticket-counts.js';
import { ticketFilter, type SearchWay } from './ticket-filter.js';
import { toTicket } from './ticket-rows.js';

type Db = Kysely<Database>;

/**
 * Whether the filter is a search and nothing else: only then do queries use the word index. Next
 * to another indexed condition the planner may AND both bitmaps (reading tens of thousands of
 * status entries for a term matching one ticket); alone, the word index is the only sensible
 * plan. Mixed filters keep the document expression, whose selectivity the planner estimates from
 * statistics.
 */
function searchOnly(filter: TicketFilter): boolean {
  const keys = activeFilterKeys(filter);
  return keys.length === 1 && keys[0] === 'searchTerms';
}

/**
 * The count query (`count`, plus `rows` read from `ticket_counts` for compaction; creation windows
 * of whole days are counted in `listTickets` from `ticket_day_counts`): from
 * `ticket_counts` when the filter only uses its dimensions (counting hundreds of thousands of
 * index entries would cost tens of milliseconds), else an indexed `count(*)`; a search alone
 * matches its terms as `search` says (the word index is exact, so its bitmap needs no recheck of
 * the document, unlike the trigram index's).
 */
function countQuery(db: Db, query: TicketQuery, search?: SearchWay) {
  const { filter } = query;
  if (countAnswers(filter)) return countFromSummary(db, filter, query.now);
  return db
    .selectFrom('tickets')
    .where((eb) => ticketFilter(eb, filter, query.now, search))
    .select((eb) => [eb.fn.countAll<number>().as('count'), sql<number>`0`.as('rows')]);
}

/**
 * One page of tickets and the number of matches. A search alone first reads, from the
 * vocabulary, how to match each term (`planSearchTerms`), in one read-only REPEATABLE READ
 * transaction with the list so that both see the same tickets (`inTransaction`: the caller's
 * transaction holds the connection already).
 */
export async function listTickets(db: Db, query: TicketQuery, ctx: CountsContext, inTransaction = false): Promise<Page<Ticket>> {
  const terms = query.filter.searchTerms ?? [];
  if (!searchOnly(query.filter) || !searchReadsVocabulary(terms)) return listPage(db, query, ctx);
  const list = async (snapshot: Db): Promise<Page<Ticket>> => {
    const search: SearchWay = { schema: ctx.schema, ways: await planSearchTerms(snapshot as Kysely<unknown>, ctx.schema, terms) };
    return search.ways.some((way) => way.by === 'pair') ? listSearchMatches(snapshot, query, search) : listPage(snapshot, query, ctx, search);
  };
  if (inTransaction) return list(db);
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(list);
}

/**
 * One page of tickets and the number of matches, in one statement (one snapshot: the count always
 * agrees with the page). The page comes from an index walk; the count from `countQuery`.
 */
async function listPage(db: Db, query: TicketQuery, ctx: CountsContext, search?: SearchWay): Promise<Page<Ticket>> {
  const order = sql.join(orderTerms(postgresDialect, query.ordering), sql`, `);
  // The page keeps matching terms on the document expression: the planner estimates a term's
  // frequency from its statistics, so a common term walks the ordering index and stops after a
  // page while a rare one reads the trigram index.
  const base = db.selectFrom('tickets').where((eb) => ticketFilter(eb, query.filter, query.now));
  // Deferred join: pick the page's ids first (an index-only scan wherever an index covers the
  // filter, so skipped and filtered-out rows cost no heap reads), then fetch just those rows.
  const pageIds = base.select('id').orderBy(order).limit(query.page.limit).offset(query.page.offset);
  const fromSummary = countAnswers(query.filter);
  // A creation window of whole days counts its days from `ticket_day_counts` and its edge days on the tickets.
  const window = fromSummary ? null : dayWindowPlan(query.filter);
  const counted = window
    ? db
        .selectFrom(sql<{ n: number; day: string | null }>`(${dayWindowRows(db, window, query.now)})`.as('d'))
        .select([sql<number>`coalesce(sum(n), 0)`.as('count'), ...DAY_ROWS_READ])
    : db.selectFrom(countQuery(db, query, search).as('q')).select(['count', 'rows', sql<null>`null::text`.as('first_day'), sql<null>`null::text`.as('last_day')]);
  const pageRows = db.selectFrom('tickets').selectAll().where('id', 'in', pageIds);
  const { rows } = await sql<Selectable<TicketsTable> & { page_total: number; summary_rows: number; first_day: string | null; last_day: string | null }>`
    select c.count as page_total, c.rows as summary_rows, c.first_day, c.last_day, p.* from ${counted} c
    left join lateral ${pageRows} p on true order by ${order}`.execute(db);
  if (fromSummary) await compactIfNeeded(db, rows[0]?.summary_rows ?? 0, ctx);
  if (window && rows[0]) await compactDaysIfNeeded(db, { rows: Number(rows[0].summary_rows), firstDay: rows[0].first_day, lastDay: rows[0].last_day }, ctx);
  return pageOf(rows);
}

/**
 * A search alone with two-character terms through the indexes (`pairCondition`): the matches
 * are found once, and both the count and the page come from that one set. Counting and
 * paging separately would read the matches twice: the planner cannot tell how often such a
 * term occurs, and walking the ordering index with it as a filter reads every ticket when it is
 * rare. A term in most tickets makes the planner scan the table instead (its estimate comes from
 * the document's statistics), which an exact count needs anyway.
 */
async function listSearchMatches(db: Db, query: TicketQuery, search: SearchWay): Promise<Page<Ticket>> {
  const matches = db
    .selectFrom('tickets')
    .select(['id', sql.ref(orderColumn(query.ordering)).as(orderColumn(query.ordering))])
    .where((eb) => ticketFilter(eb, query.filter, query.now, search));
  const order = sql.join(orderTerms(postgresDialect, query.ordering), sql`, `);
  const pageIds = sql<number>`(select id from m order by ${order} limit ${query.page.limit} offset ${query.page.offset})`;
  const pageRows = db.selectFrom('tickets').selectAll().where('id', 'in', pageIds);
  const { rows } = await sql<Selectable<TicketsTable> & { page_total: number }>`
    with m as materialized (${matches})
    select c.count as page_total, p.* from (select count(*) as count from m) c
    left join lateral (${pageRows}) p on true
    order by ${order}`.execute(db);
  return pageOf(rows);
}

/** A page from the rows of a list statement: the count on every row, no ticket when none matched. */
function pageOf(rows: readonly (Selectable<TicketsTable> & { page_total: number })[]): Page<Ticket> {
  return { count: Number(rows[0]?.page_total ?? 0), rows: rows.filter((r) => r.id !== null).map(toTicket) };
}
