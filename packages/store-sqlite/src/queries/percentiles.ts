import type { PercentileOptions, StorePercentiles, TicketFilter } from '@tessera/core';
import { percentilesQuery, toStorePercentiles } from '@tessera/store-kysely';
import { sqliteDialect } from '../dialect.js';
import type { SqlContext } from './context.js';
import { ticketSource } from './ticket-filter.js';

/** Response/resolution time percentiles over the tickets matching `filter`: the shared statement over SQLite's ticket source (FTS5 search included). */
export function ticketPercentiles(ctx: SqlContext, filter: TicketFilter, options: PercentileOptions): StorePercentiles {
  const query = percentilesQuery(sqliteDialect, ctx.kysely, ticketSource(ctx, filter, options.now), 't.', options.hundredths);
  return toStorePercentiles(ctx.all(query), options.hundredths);
}
