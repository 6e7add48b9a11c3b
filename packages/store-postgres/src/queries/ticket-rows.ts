import type { Insertable, Selectable, Updateable } from 'kysely';
import { createTicketRowCodec } from '@tessera/store-kysely';
import type { NewTicket, Ticket, TicketPatch } from '@tessera/core';
import { postgresDialect } from '../dialect.js';
import type { TicketsTable } from '../schema.js';

/** The ticket row mapping (from core's field catalogue, with PostgreSQL's codecs). */
const rows = createTicketRowCodec(postgresDialect.codecs);

/** A `tickets` row as the domain's `Ticket`. */
export const toTicket = (row: Selectable<TicketsTable>): Ticket => rows.toTicket(row as unknown as Record<string, unknown>);

/** A new ticket as a `tickets` insert. */
export const ticketInsert = (ticket: NewTicket) => rows.insertRecord(ticket) as unknown as Insertable<TicketsTable>;

/**
 * The columns a patch sets — only the fields present, so two concurrent patches of different
 * fields never overwrite each other's columns.
 */
export const ticketUpdate = (patch: TicketPatch) => rows.patchColumns(patch) as Updateable<TicketsTable>;
