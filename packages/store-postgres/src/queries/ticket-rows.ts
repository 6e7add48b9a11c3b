import type { Selectable } from 'kysely';
import { createTicketRowCodec } from '@tessera/store-kysely';
import type { Ticket } from '@tessera/core';
import { postgresDialect } from '../dialect.js';
import type { TicketsTable } from '../schema.js';

/** The ticket row mapping (from core's field catalogue, with PostgreSQL's codecs). */
const rows = createTicketRowCodec(postgresDialect.codecs);

/** A `tickets` row as the domain's `Ticket`. */
export const toTicket = (row: Selectable<TicketsTable>): Ticket => rows.toTicket(row as unknown as Record<string, unknown>);
