import { ConflictError, NO_SLA_TICKET_FIELDS, NotFoundError, type NewTicket, type Ticket, type TicketPatch } from '@tessera/core';
import { isUniqueViolation } from '../errors.js';
import type { TableNames } from '../names.js';
import type { SqlContext } from './context.js';
import { TICKET_INSERT_COLUMNS, TICKET_RETURNING, TICKET_SELECT, ticketRows, toTicket, type TicketRow } from './ticket-row.js';

// The per-ticket statements are fixed SQL run through cached better-sqlite3 statements rather
// than built with Kysely on every call: they are the hot path (create, get), and compiling a
// Kysely query costs more than executing these statements does.
const GET_TICKET = (n: TableNames) => `SELECT ${TICKET_SELECT} FROM ${n.tickets} t WHERE t.id = ?`;
const INSERT_TICKET = (n: TableNames) =>
  `INSERT INTO ${n.tickets} (${TICKET_INSERT_COLUMNS.join(', ')}) ` +
  `VALUES (${TICKET_INSERT_COLUMNS.map(() => '?').join(', ')}) RETURNING id`;
const NEXT_SEQUENCE = (n: TableNames) => `UPDATE ${n.sequences} SET value = value + 1 WHERE name = 'ticket' RETURNING value`;
const DELETE_TICKET = (n: TableNames) => `DELETE FROM ${n.tickets} WHERE id = ?`;

/** The ticket with `id`, or null. */
export function getTicket(ctx: SqlContext, id: number): Ticket | null {
  const row = ctx.prepared(GET_TICKET).get(id) as TicketRow | undefined;
  return row ? toTicket(row) : null;
}

/**
 * Next ticket sequence value. Must run inside a `BEGIN IMMEDIATE` transaction: the write lock is
 * held from its start, so the counter row is read and bumped with no other writer in between,
 * and a rollback gives the value back.
 */
export function allocateTicketSequence(ctx: SqlContext): number {
  const row = ctx.prepared(NEXT_SEQUENCE).get() as { value: number } | undefined;
  if (!row) throw new Error('the ticket sequence row is missing (database not migrated?)');
  return row.value;
}

/** Inserts a ticket (its search row follows by trigger) and returns it with its new id. */
export function insertTicket(ctx: SqlContext, ticket: NewTicket): Ticket {
  let id: number;
  try {
    id = (ctx.prepared(INSERT_TICKET).get(...ticketRows.insertValues(ticket)) as { id: number }).id;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`Ticket number ${ticket.ticketNumber} is already taken.`);
    throw error;
  }
  return {
    ...NO_SLA_TICKET_FIELDS,
    ...ticket,
    id,
    tags: [...ticket.tags],
    createdAt: new Date(ticket.createdAt),
    updatedAt: new Date(ticket.updatedAt),
    resolvedAt: ticket.resolvedAt && new Date(ticket.resolvedAt),
    closedAt: ticket.closedAt && new Date(ticket.closedAt),
    dueDate: ticket.dueDate && new Date(ticket.dueDate),
    firstResponseAt: ticket.firstResponseAt && new Date(ticket.firstResponseAt),
  };
}

/** Writes `patch` over ticket `id` and returns the stored row; `NotFoundError` when it is gone. */
export function updateTicket(ctx: SqlContext, id: number, patch: TicketPatch): Ticket {
  const columns = ticketRows.patchColumns(patch);
  const names = Object.keys(columns);
  if (names.length === 0) {
    const current = getTicket(ctx, id);
    if (!current) throw new NotFoundError('ticket', id);
    return current;
  }
  // Column names come from the fixed list in `patchColumns`, never from the caller.
  const sql = `UPDATE ${ctx.names.tickets} SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ? RETURNING ${TICKET_RETURNING}`;
  const row = ctx.statement(sql).get(...Object.values(columns), id) as TicketRow | undefined;
  if (!row) throw new NotFoundError('ticket', id);
  return toTicket(row);
}

/** Deletes a ticket; comments, attachment rows and history go by `ON DELETE CASCADE`. Missing ids are a no-op. */
export function deleteTicket(ctx: SqlContext, id: number): void {
  ctx.prepared(DELETE_TICKET).run(id);
}
