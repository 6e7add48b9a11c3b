import { ConflictError, NotFoundError } from '../errors.js';
import { closableHandle } from '../ports/transaction-guard.js';
import type { Ticket } from '../domain/model.js';
import { IMMUTABLE_TICKET_FIELDS } from '../domain/ticket-predicates.js';
import type { NewOutboxEvent } from '../ports/outbox.js';
import type { TicketPatch, TicketStoreTx } from '../ports/ticket-store.js';
import { createMemoryReader } from './memory-reader.js';
import { NO_SLA_TICKET_FIELDS } from '../sla/ticket-state.js';
import { copyRow, type WorkingTables } from './memory-tables.js';
import { recordDueBreaches } from './memory-breaches.js';

// Fields a patch can never change, whatever a caller smuggles past the type.
const IMMUTABLE = new Set<string>(IMMUTABLE_TICKET_FIELDS);

/**
 * The transaction handle over a working copy. It refuses to work once `isOpen()` is false,
 * so a handle leaked past its transaction cannot read or write. Outbox events collect in
 * `outbox` until the store publishes them at commit.
 */
export function createMemoryTx(work: WorkingTables, isOpen: () => boolean, outbox: NewOutboxEvent[] = []): TicketStoreTx {
  const reader = createMemoryReader(() => work);
  const requireTicket = (id: number): Ticket => {
    const ticket = work.tickets.get(id);
    if (!ticket) throw new NotFoundError('ticket', id);
    return ticket;
  };

  const tx: TicketStoreTx = {
    ...reader,
    // Transactions already run one at a time, so reading is locking.
    lockTicket: (id) => reader.getTicket(id),
    async allocateTicketSequence() {
      work.counters.sequence += 1;
      return work.counters.sequence;
    },
    async insertTicket(ticket) {
      if (work.sequences.has(ticket.sequence) || work.ticketNumbers.has(ticket.ticketNumber)) {
        throw new ConflictError(`Ticket number ${ticket.ticketNumber} is already taken.`);
      }
      const row: Ticket = { ...NO_SLA_TICKET_FIELDS, ...copyRow(ticket), id: work.nextId('tickets') };
      work.tickets.set(row.id, row);
      work.sequences.set(row.sequence, row.id);
      work.ticketNumbers.set(row.ticketNumber, row.id);
      return copyRow(row);
    },
    async updateTicket(id, patch: TicketPatch) {
      const current = requireTicket(id);
      const changes = Object.fromEntries(
        Object.entries(copyRow(patch)).filter(([key, value]) => value !== undefined && !IMMUTABLE.has(key)),
      );
      const row: Ticket = { ...current, ...changes };
      work.tickets.set(id, row);
      return copyRow(row);
    },
    async deleteTicket(id) {
      const ticket = work.tickets.get(id);
      if (!ticket) return;
      work.tickets.delete(id);
      work.sequences.delete(ticket.sequence);
      work.ticketNumbers.delete(ticket.ticketNumber);
      for (const table of [work.comments, work.attachments, work.history]) {
        const doomed = [...table.values()].filter((row) => row.ticketId === id).map((row) => row.id);
        for (const rowId of doomed) table.delete(rowId);
      }
    },
    async insertComment(comment) {
      requireTicket(comment.ticketId);
      const row = { ...copyRow(comment), id: work.nextId('comments') };
      work.comments.set(row.id, row);
      return copyRow(row);
    },
    async insertAttachment(attachment) {
      requireTicket(attachment.ticketId);
      const row = { ...copyRow(attachment), id: work.nextId('attachments') };
      work.attachments.set(row.id, row);
      return copyRow(row);
    },
    async deleteAttachment(id) {
      work.attachments.delete(id);
    },
    async insertHistory(entries) {
      for (const entry of entries) requireTicket(entry.ticketId);
      for (const entry of entries) {
        const row = { ...copyRow(entry), id: work.nextId('history') };
        work.history.set(row.id, row);
      }
    },
    async recordDueBreaches(now, options) {
      return recordDueBreaches(work, now, options?.limit);
    },
    async appendOutbox(events) {
      for (const event of events) outbox.push(copyRow(event));
    },
  };

  return closableHandle(tx, isOpen);
}
