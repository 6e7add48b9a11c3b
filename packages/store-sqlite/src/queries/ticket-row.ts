import type { Ticket } from '@tessera/core';
import { createTicketRowCodec } from '@tessera/store-kysely';
import type { TicketsTable } from '../schema.js';
import { sqliteDialect } from '../dialect.js';

/** A `tickets` row as SELECTed. */
export type TicketRow = Omit<TicketsTable, 'id'> & { id: number };

/** The ticket row mapping (from core's field catalogue, with SQLite's codecs). */
export const ticketRows = createTicketRowCodec(sqliteDialect.codecs);

/** Columns of a ticket insert, in the order `ticketRows.insertValues` produces them. */
export const TICKET_INSERT_COLUMNS = ticketRows.insertColumns;
/** `SELECT` list for a whole ticket row (with table alias `t`). */
export const TICKET_SELECT = ticketRows.selectColumns.map((c) => `t.${c}`).join(', ');
/** The same list unqualified (for `RETURNING`). */
export const TICKET_RETURNING = ticketRows.selectColumns.join(', ');

/** A stored row as the domain's `Ticket`. */
export const toTicket = (row: TicketRow): Ticket => ticketRows.toTicket(row as unknown as Record<string, unknown>);
