import { TRACKED_FIELDS, type TrackedField } from '../domain/history.js';
import type { NewOutboxEvent, ServiceOutboxEventType } from '../ports/outbox.js';
import type { TicketStoreTx } from '../ports/ticket-store.js';
import type { PendingEvent, ServiceContext } from './context.js';

const FIELD_ORDER = Object.keys(TRACKED_FIELDS) as TrackedField[];

// `data` holds the domain objects of the change; the store keeps their JSON (dates as ISO
// strings), which is the documented shape. The rows are fresh copies, so nothing mutates them
// before the store serialises them.
function event(type: ServiceOutboxEventType | 'sla.breached', data: object, occurredAt: Date, internal = false): NewOutboxEvent {
  return { type, occurredAt, data, internal, subscriptionId: null };
}

/**
 * The outbox rows of a change: one per in-process event, renamed to the webhook event types and
 * stored in the shape `OutboxPayloads` documents.
 */
export function outboxEventsOf(pending: readonly PendingEvent[], occurredAt: Date): NewOutboxEvent[] {
  return pending.map(([type, payload]) => {
    if (type === 'sla.breached') {
      // A breach a change or a tick recorded; the history row id stays internal.
      return event(type, { ticketId: payload.ticketId, target: payload.target, dueAt: payload.dueAt }, occurredAt);
    }
    const actorId = payload.actor.id;
    switch (type) {
      case 'ticket.created':
      case 'ticket.deleted':
        return event(type, { ticket: payload.ticket, actorId }, occurredAt);
      case 'ticket.updated': {
        const changedFields = FIELD_ORDER.filter((field) => field in payload.changes);
        return event(type, { ticket: payload.ticket, changedFields, actorId }, occurredAt);
      }
      case 'ticket.status_changed':
      case 'ticket.assigned':
        return event(type, { ticket: payload.ticket, from: payload.from, to: payload.to, actorId }, occurredAt);
      case 'comment.added':
        return event('comment.created', { comment: payload.comment, ticket: payload.ticket, actorId }, occurredAt, payload.comment.isInternal);
      case 'attachment.added':
        return event('attachment.created', { attachment: payload.attachment, ticket: payload.ticket, actorId }, occurredAt);
      case 'attachment.removed':
        return event('attachment.deleted', { attachment: payload.attachment, actorId }, occurredAt);
    }
  });
}

/**
 * Writes the change's events to the outbox through `tx`, as the transaction's last step (see
 * `TicketStoreTx.appendOutbox`), unless the service was created with `outbox: false`.
 */
export async function appendToOutbox(ctx: ServiceContext, tx: TicketStoreTx, pending: readonly PendingEvent[], occurredAt: Date): Promise<void> {
  if (!ctx.outbox || pending.length === 0) return;
  await tx.appendOutbox(outboxEventsOf(pending, occurredAt));
}
