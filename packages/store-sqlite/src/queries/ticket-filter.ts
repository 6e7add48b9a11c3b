import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { TicketFilter, TicketOrdering } from '@tessera/core';
import { orderTerms as sharedOrderTerms, ticketConditions as sharedConditions } from '@tessera/store-kysely';
import { sqliteDialect } from '../dialect.js';
import type { Database, TicketsTable } from '../schema.js';
import type { SqlContext } from './context.js';
import { scanConditions, searchMatch, type SearchMatch } from './search-match.js';

/**
 * The shared filter conditions on alias `t`. `byOtherIndex`: write the status/priority/category/
 * unassigned terms as `+column`, which keeps SQLite from driving the query through those
 * low-selectivity indexes — for counts that have a better index of their own (overdue, "mine").
 */
export function ticketConditions(filter: TicketFilter, now: Date, byOtherIndex = false, steerSla = false): Expression<SqlBool>[] {
  return sharedConditions(sqliteDialect, filter, now, {
    alias: 't',
    steer: byOtherIndex ? (c) => `+${c}` : undefined,
    steerSla: steerSla ? (c) => `+${c}` : undefined,
  });
}

/** The FROM (alias `t`) plus WHERE shared by list, count and statistics queries. */
export type TicketSource = SelectQueryBuilder<Database & { t: TicketsTable }, 't', object>;

/**
 * How a search reaches the tickets. `drive`: from the FTS5 match list, one row lookup per match
 * (`CROSS JOIN` pins that loop order), then a sort of the matches. `probe`: take the first rows in
 * the ordering's index (a window, see `list-tickets.ts`) and keep those in the FTS5 match list,
 * read only over the window's id range — better when matches are many.
 */
export type SearchPlan = 'drive' | 'probe';

/** Options of {@link ticketSource}. */
export interface SourceOptions {
  /** See `ticketConditions`. */
  byOtherIndex?: boolean;
  /** Keep the "breached now" term off its index (page queries walk the ordering index instead). */
  steerSla?: boolean;
  /** How the filter's search terms match, when the caller has it already ({@link searchMatch}). */
  match?: SearchMatch;
}

/**
 * Tickets matching `filter` (search semantics: every term is a case-insensitive substring of
 * ticket number, subject, description or tags), as the FROM (alias `t`) and WHERE of a query.
 */
export function ticketSource(ctx: SqlContext, filter: TicketFilter, now: Date, options: SourceOptions = {}): TicketSource {
  const conditions = ticketConditions(filter, now, options.byOtherIndex, options.steerSla);
  const search = options.match ?? searchMatch(ctx, filter.searchTerms ?? []);
  conditions.push(...scanConditions(search.scanned));
  const match = search.fts;
  let from: TicketSource;
  if (match === null) {
    from = ctx.kysely.selectFrom(ctx.from('tickets', 't'));
  } else {
    from = ctx.kysely
      .selectFrom(`${search.index} as s` as unknown as 'ticket_search as s')
      .crossJoin(ctx.from('tickets', 't'))
      .where(sql<SqlBool>`s.${sql.raw(search.index)} MATCH ${match}`)
      .where(sql<SqlBool>`t.id = s.rowid`) as unknown as TicketSource;
  }
  return conditions.length === 0 ? from : from.where((eb) => eb.and(conditions));
}

/** ORDER BY terms for an ordering (alias `t`), each matching an index. */
export function orderTerms(ordering: TicketOrdering): Expression<unknown>[] {
  return sharedOrderTerms(sqliteDialect, ordering, 't');
}
