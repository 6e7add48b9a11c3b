import mitt, { type Emitter } from 'mitt';
import type { TicketStatus } from './domain/enums.js';
import type { Actor, Attachment, Comment, Ticket } from './domain/model.js';
import type { TicketChanges } from './domain/history.js';

/**
 * Events the service emits, always after the transaction that made the change has committed
 * (never for a rolled-back change).
 */
export type TicketingEvents = {
  'ticket.created': { ticket: Ticket; actor: Actor };
  'ticket.updated': { ticket: Ticket; changes: TicketChanges; actor: Actor };
  'ticket.status_changed': { ticket: Ticket; from: TicketStatus; to: TicketStatus; actor: Actor };
  'ticket.assigned': { ticket: Ticket; from: number | null; to: number | null; actor: Actor };
  'ticket.deleted': { ticket: Ticket; actor: Actor };
  'comment.added': { comment: Comment; ticket: Ticket; actor: Actor };
  'attachment.added': { attachment: Attachment; ticket: Ticket; actor: Actor };
  'attachment.removed': { attachment: Attachment; actor: Actor };
  /** A missed SLA target, recorded once (by `sla.tick` or by the change that stopped the clock late); no actor. */
  'sla.breached': { ticketId: number; target: 'first_response' | 'resolution'; dueAt: Date; historyId: number | null };
};

export type TicketingEmitter = Emitter<TicketingEvents>;

export function createEmitter(): TicketingEmitter {
  return mitt<TicketingEvents>();
}
