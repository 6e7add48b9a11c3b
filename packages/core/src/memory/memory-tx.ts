import { ConflictError, NotFoundError, StoreError } from '../errors.js';
import type { Ticket } from '../domain/model.js';
import type { TicketPatch, TicketStoreTx } from '../ports/ticket-store.js';
import { createMemoryReader } from './memory-reader.js';
import { copyRow, type WorkingTables } from './memory-tables.js';

// Fields a patch can never change, whatever a caller smuggles past the type.
const IMMUTABLE = new Set<string>(['id', 'sequence', 'ticketNumber', 'createdAt', 'createdById']);

/**
 * The transaction handle over a working copy. It refuses to work once `isOpen()` is false,
 * so a handle leaked past its transaction cannot write into committed state.
 */
export function createMemoryTx(work: WorkingTables, isOpen: () => boolean): TicketStoreTx {
  const reader = createMemoryReader(() => work.tables);
  const guard = <A extends unknown[], R>(op: (...args: A) => Promise<R>) => {
    return (...args: A): Promise<R> => {
      if (!isOpen()) return Promise.reject(new StoreError('The transaction has already finished.'));
      return op(...args);
    };
  };
  const requireTicket = (id: number): Ticket => {
    const ticket = work.tables.tickets.get(id);
    if (!ticket) throw new NotFoundError('ticket', id);
    return ticket;
  };

  const tx: TicketStoreTx = {
    ...reader,
    lockTicket: (id) => reader.getTicket(id),
    async allocateTicketSequence() {
      return work.allocateSequence();
    },
    async insertTicket(ticket) {
      for (const other of work.tables.tickets.values()) {
        if (other.sequence === ticket.sequence || other.ticketNumber === ticket.ticketNumber) {
          throw new ConflictError(`Ticket number ${ticket.ticketNumber} is already taken.`);
        }
      }
      const row: Ticket = { ...copyRow(ticket), id: work.nextId('tickets') };
      work.writable('tickets').set(row.id, row);
      return copyRow(row);
    },
    async updateTicket(id, patch: TicketPatch) {
      const current = requireTicket(id);
      const changes = Object.fromEntries(
        Object.entries(copyRow(patch)).filter(([key, value]) => value !== undefined && !IMMUTABLE.has(key)),
      );
      const row: Ticket = { ...current, ...changes };
      work.writable('tickets').set(id, row);
      return copyRow(row);
    },
    async deleteTicket(id) {
      if (!work.tables.tickets.has(id)) return;
      work.writable('tickets').delete(id);
      for (const name of ['comments', 'attachments', 'history'] as const) {
        const rows = work.tables[name];
        const doomed = [...rows.values()].filter((r) => r.ticketId === id).map((r) => r.id);
        if (doomed.length === 0) continue;
        const table = work.writable(name);
        for (const rowId of doomed) table.delete(rowId);
      }
    },
    async insertComment(comment) {
      requireTicket(comment.ticketId);
      const row = { ...copyRow(comment), id: work.nextId('comments') };
      work.writable('comments').set(row.id, row);
      return copyRow(row);
    },
    async insertAttachment(attachment) {
      requireTicket(attachment.ticketId);
      const row = { ...copyRow(attachment), id: work.nextId('attachments') };
      work.writable('attachments').set(row.id, row);
      return copyRow(row);
    },
    async deleteAttachment(id) {
      if (work.tables.attachments.has(id)) work.writable('attachments').delete(id);
    },
    async insertHistory(entries) {
      for (const entry of entries) requireTicket(entry.ticketId);
      const table = work.writable('history');
      for (const entry of entries) {
        const row = { ...copyRow(entry), id: work.nextId('history') };
        table.set(row.id, row);
      }
    },
  };
  return Object.fromEntries(
    Object.entries(tx).map(([name, op]) => [name, guard(op as (...args: unknown[]) => Promise<unknown>)]),
  ) as unknown as TicketStoreTx;
}
