import { sql, type Kysely, type Selectable } from 'kysely';
import type { Page, Ticket, TicketQuery } from '@tessera/core';
import { orderTerms } from '@tessera/store-kysely';
import { postgresDialect } from '../dialect.js';
import type { Database, TicketsTable } from '../schema.js';
import { compactIfNeeded, countAnswers, countFromSummary, type CountsContext } from './ticket-counts.js';
import { ticketFilter } from './ticket-filter.js';
import { toTicket } from './ticket-rows.js';

type Db = Kysely<Database>;

/**
 * One page of tickets and the number of matches, in one statement (one snapshot: the count always
 * agrees with the page). The page comes from an index walk; the count from `ticket_counts` when
 * the filter only uses its dimensions (counting hundreds of thousands of index entries would cost
 * tens of milliseconds), else from an indexed `count(*)`.
 */
export async function listTickets(db: Db, query: TicketQuery, ctx: CountsContext): Promise<Page<Ticket>> {
  const order = sql.join(orderTerms(postgresDialect, query.ordering), sql`, `);
  const base = db.selectFrom('tickets').where((eb) => ticketFilter(eb, query.filter, query.now));
  // Deferred join: pick the page's ids first (an index-only scan wherever an index covers the
  // filter, so skipped and filtered-out rows cost no heap reads), then fetch just those rows.
  const pageIds = base.select('id').orderBy(order).limit(query.page.limit).offset(query.page.offset);
  const fromSummary = countAnswers(query.filter);
  const counted = fromSummary
    ? countFromSummary(db, query.filter, query.now)
    : base.select((eb) => [eb.fn.countAll<number>().as('count'), sql<number>`0`.as('rows')]);
  const pageRows = db.selectFrom('tickets').selectAll().where('id', 'in', pageIds);
  const { rows } = await sql<Selectable<TicketsTable> & { page_total: number; summary_rows: number }>`
    select c.count as page_total, c.rows as summary_rows, p.* from ${counted} c
    left join lateral ${pageRows} p on true order by ${order}`.execute(db);
  if (fromSummary) await compactIfNeeded(db, rows[0]?.summary_rows ?? 0, ctx);
  return { count: rows[0]?.page_total ?? 0, rows: rows.filter((r) => r.id !== null).map(toTicket) };
}
