import type { Kysely } from 'kysely';
import type { PercentileOptions, StorePercentiles, TicketFilter } from '@tessera/core';
import { percentilesQuery, toStorePercentiles } from '@tessera/store-kysely';
import { postgresDialect } from '../dialect.js';
import type { Database } from '../schema.js';
import { ticketFilter } from './ticket-filter.js';

/** Response/resolution time percentiles over the tickets matching `filter`: the shared statement, one snapshot. */
export async function percentiles(db: Kysely<Database>, filter: TicketFilter, options: PercentileOptions): Promise<StorePercentiles> {
  const source = db.selectFrom('tickets').where((eb) => ticketFilter(eb, filter, options.now));
  const { rows } = await db.executeQuery(percentilesQuery(postgresDialect, db, source, '', options.hundredths));
  return toStorePercentiles(rows, options.hundredths);
}
