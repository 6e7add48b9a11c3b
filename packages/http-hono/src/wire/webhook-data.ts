import {
  computeMetrics,
  slaViewFields,
  type CalendarLike,
  type SlaStore,
  type Attachment,
  type Comment,
  type Directory,
  type OutboxAttachment,
  type OutboxComment,
  type OutboxEvent,
  type OutboxPayloads,
  type OutboxTicket,
  type PartyDetails,
  type Ticket,
} from '@tessera/core';
import { toWireAttachment, toWireComment, toWireTicket } from './serialize.js';
import { wireFieldName } from './names.js';

/** Options of {@link createWebhookData}. */
export interface WebhookDataOptions {
  /**
   * Calendars and policies (`store.sla`), for the SLA fields' business hours when a ticket has a
   * calendar policy; without it those hours count around the clock.
   */
  sla?: Pick<SlaStore, 'listPolicies' | 'listCalendars'> | null;
  /** Resolves the `*_details` objects of ticket rows (`ticketing.directory`); without one they are null. */
  directory: Directory | null;
  /**
   * The API's base for links in payloads (attachments' `download_url`): absolute
   * (`https://help.example.com/api/ticketing`, from the public URL) or, without a public URL, a
   * path (`/api/ticketing`).
   */
  apiBase: string;
}

const date = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

function ticketOf(t: OutboxTicket): Ticket {
  return {
    ...t,
    createdAt: new Date(t.createdAt),
    updatedAt: new Date(t.updatedAt),
    resolvedAt: date(t.resolvedAt),
    closedAt: date(t.closedAt),
    dueDate: date(t.dueDate),
    firstResponseAt: date(t.firstResponseAt),
    slaFirstResponseDueAt: date(t.slaFirstResponseDueAt),
    slaResolutionDueAt: date(t.slaResolutionDueAt),
    slaResolutionRunningSince: date(t.slaResolutionRunningSince),
    slaBreachAt: date(t.slaBreachAt),
  };
}

function commentOf(c: OutboxComment): Comment {
  return { ...c, createdAt: new Date(c.createdAt), updatedAt: new Date(c.updatedAt) };
}

function attachmentOf(a: OutboxAttachment): Attachment {
  return { ...a, uploadedAt: new Date(a.uploadedAt) };
}

const party = (r: { id: number; name: string; email: string } | undefined): PartyDetails | null =>
  r ? { id: r.id, name: r.name, email: r.email } : null;

/**
 * Builds the `data` of a webhook body from an outbox event's stored snapshot, in the REST API's
 * wire shapes (the same serializers as the API):
 *
 * - `ticket.created`, `ticket.updated`, `ticket.status_changed`, `ticket.assigned`: the ticket as a
 *   list row (metrics as of the event's time; no comments, attachments or history);
 *   `ticket.updated` adds `changed_fields` (wire names of the fields that changed).
 * - `ticket.deleted`: `{ id, ticket_number }`.
 * - `comment.created`: the comment as staff see it.
 * - `attachment.created`, `attachment.deleted`: the attachment as staff see it, `download_url`
 *   under `apiBase`.
 * - `sla.breached`: `{ ticket_id, target, due_at }`.
 * - anything else (`ping`: `{ webhook }`): the stored data as it is.
 *
 * The `*_details` objects are looked up when the body is built (names and emails are not part of
 * the snapshot); every other field is the snapshot taken at commit.
 */
export function createWebhookData(options: WebhookDataOptions): (event: Pick<OutboxEvent, 'type' | 'occurredAt' | 'data'>) => Promise<unknown> {
  const { directory } = options;
  const apiBase = options.apiBase.replace(/\/+$/u, '');
  const downloadUrl = (id: number) => `${apiBase}/attachments/${id}/download/`;

  async function calendarOf(policyId: number | null): Promise<CalendarLike | null> {
    if (policyId === null || !options.sla) return null;
    const [policies, calendars] = await Promise.all([options.sla.listPolicies(), options.sla.listCalendars()]);
    const calendarId = policies.find((p) => p.id === policyId)?.calendarId ?? null;
    return calendarId === null ? null : (calendars.find((c) => c.id === calendarId) ?? null);
  }

  // Webhook bodies are staff-facing: the ticket row carries its SLA fields as the staff API shows them.
  async function slaFields(t: Ticket, at: Date) {
    const calendars = new Map([[t.slaPolicyId ?? 0, await calendarOf(t.slaPolicyId)]]);
    return slaViewFields(t, at, calendars);
  }

  async function row(snapshot: OutboxTicket, at: Date) {
    const t = ticketOf(snapshot);
    const userIds = [t.createdById, ...(t.assignedToId === null ? [] : [t.assignedToId])];
    const [users, customers] = directory ? await Promise.all([directory.getUsers(userIds), directory.getCustomers([t.customerId])]) : [[], []];
    const user = (id: number | null) => (id === null ? null : party(users.find((u) => u.id === id)));
    return toWireTicket({
      ...t,
      ...computeMetrics(t, at),
      ...(await slaFields(t, at)),
      customerDetails: party(customers.find((c) => c.id === t.customerId)),
      assignedToDetails: user(t.assignedToId),
      createdByDetails: user(t.createdById),
    });
  }

  return async (event) => {
    switch (event.type) {
      case 'ticket.created':
      case 'ticket.status_changed':
      case 'ticket.assigned': {
        const data = event.data as OutboxPayloads['ticket.created'];
        return row(data.ticket, event.occurredAt);
      }
      case 'ticket.updated': {
        const data = event.data as OutboxPayloads['ticket.updated'];
        return Object.assign(await row(data.ticket, event.occurredAt), { changed_fields: data.changedFields.map(wireFieldName) });
      }
      case 'ticket.deleted': {
        const { ticket } = event.data as OutboxPayloads['ticket.deleted'];
        return { id: ticket.id, ticket_number: ticket.ticketNumber };
      }
      case 'comment.created':
        return toWireComment(commentOf((event.data as OutboxPayloads['comment.created']).comment));
      case 'attachment.created':
      case 'attachment.deleted': {
        const a = attachmentOf((event.data as OutboxPayloads['attachment.created']).attachment);
        return toWireAttachment(a, downloadUrl(a.id));
      }
      case 'sla.breached': {
        const data = event.data as { ticketId: number; target: string; dueAt: string };
        return { ticket_id: data.ticketId, target: data.target, due_at: data.dueAt };
      }
      default:
        return event.data;
    }
  };
}
