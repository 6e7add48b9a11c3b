import {
  detailsKey,
  objectBuilder,
  type BuiltProperty,
  formatFileSize,
  formatTags,
  TICKET_FIELDS,
  type TicketFieldCatalogue,
  type TicketFieldKind,
  type Attachment,
  type Comment,
  type HistoryEntry,
  type PartyDetails,
  type TicketDetail,
  type TicketView,
} from '@tessera/core';
import type { TicketStatistics } from '@tessera/core';
import type { WireAttachment, WireComment, WireHistory, WireStatistics, WireTicket, WireTicketDetail } from './responses.js';
import { wireTime } from './time.js';

const details = (p: PartyDetails | null): PartyDetails | null => (p ? { id: p.id, name: p.name, email: p.email } : null);

/** One field's value on the wire, by kind: ISO times, tags as `"a, b"`. */
function wireValue(kind: TicketFieldKind): (value: unknown) => unknown {
  if (kind === 'timestamp') return (value) => (value == null ? null : wireTime(value as Date));
  if (kind === 'tags') return (value) => (value == null ? null : formatTags(value as string[]));
  return (value) => value ?? null;
}

const tagList = (value: unknown) => [...((value as string[] | undefined) ?? [])];
const orNull = (value: unknown) => value ?? null;
const orFalse = (value: unknown) => value ?? false;
const timeOrNull = (value: unknown) => wireTime((value as Date | null | undefined) ?? null);

/**
 * The serializer of a field catalogue: a view (see core's `ticketViewsIn`) as the wire's
 * snake_case object, in the shape of `wireTicketSchemaFor(catalogue)`, with the SLA fields
 * (staff views) or without (customer views).
 */
function wireTicketSerializers(catalogue: TicketFieldCatalogue) {
  const fields: BuiltProperty[] = [];
  for (const [name, spec] of Object.entries(catalogue)) {
    if (spec.onWire === false) continue;
    fields.push({ key: spec.wire, from: 0, read: name, map: wireValue(spec.kind) });
    if (spec.kind === 'tags') fields.push({ key: `${spec.wire === 'tags' ? 'tag' : spec.wire}_list`, from: 0, read: name, map: tagList });
  }
  fields.push(
    { key: 'response_time_hours', from: 0, read: 'responseTimeHours' },
    { key: 'resolution_time_hours', from: 0, read: 'resolutionTimeHours' },
    { key: 'is_overdue', from: 0, read: 'isOverdue' },
  );
  for (const [name, spec] of Object.entries(catalogue)) {
    if (spec.refersTo !== undefined) fields.push({ key: `${spec.wire}_details`, from: 0, read: detailsKey(name), map: details as (v: unknown) => unknown });
  }
  const sla: BuiltProperty[] = [
    { key: 'sla_policy', from: 0, read: 'slaPolicyId', map: orNull },
    { key: 'first_response_due_at', from: 0, read: 'firstResponseDueAt', map: timeOrNull },
    { key: 'first_response_breached', from: 0, read: 'firstResponseBreached', map: orFalse },
    { key: 'resolution_due_at', from: 0, read: 'resolutionDueAt', map: timeOrNull },
    { key: 'resolution_breached', from: 0, read: 'resolutionBreached', map: orFalse },
    { key: 'sla_status', from: 0, read: 'slaStatus' },
    { key: 'response_time_business_hours', from: 0, read: 'responseTimeBusinessHours', map: orNull },
    { key: 'resolution_time_business_hours', from: 0, read: 'resolutionTimeBusinessHours', map: orNull },
  ];
  return { customer: objectBuilder(fields), staff: objectBuilder([...fields, ...sla]) };
}

/**
 * The serializer of a field catalogue: a view (see core's `ticketViewsIn`) as the wire's
 * snake_case object, in the shape of `wireTicketSchemaFor(catalogue)`.
 */
export function wireTicketSerializer(catalogue: TicketFieldCatalogue): (view: Record<string, unknown>) => Record<string, unknown> {
  return wireTicketSerializers(catalogue).customer;
}

const serializeTicket = wireTicketSerializers(TICKET_FIELDS);

/** A ticket view as the wire's snake_case object; SLA fields only when the view has them (staff). */
export function toWireTicket(t: TicketView): WireTicket {
  return (t.slaStatus !== undefined ? serializeTicket.staff(t) : serializeTicket.customer(t)) as WireTicket;
}

/** Ticket detail with embedded collections; `downloadUrl` builds each attachment's link. */
export function toWireTicketDetail(t: TicketDetail, downloadUrl: (id: number) => string): WireTicketDetail {
  // Object.assign, not `{ ...wire, … }`: adding keys after a spread is a slow path in V8.
  return Object.assign(toWireTicket(t), {
    comments: t.comments.map(toWireComment),
    attachments: t.attachments.map((a) => toWireAttachment(a, downloadUrl(a.id))),
    history: t.history.map(toWireHistory),
  });
}

/** A comment as the wire's snake_case object. */
export function toWireComment(c: Comment): WireComment {
  return {
    id: c.id,
    ticket: c.ticketId,
    author: c.authorId,
    content: c.content,
    is_internal: c.isInternal,
    created_at: wireTime(c.createdAt),
    updated_at: wireTime(c.updatedAt),
  };
}

/** Attachment metadata on the wire; `downloadUrl` is the absolute link to its bytes. */
export function toWireAttachment(a: Attachment, downloadUrl: string): WireAttachment {
  return {
    id: a.id,
    ticket: a.ticketId,
    filename: a.filename,
    file_size: a.fileSize,
    file_size_display: formatFileSize(a.fileSize),
    content_type: a.contentType,
    description: a.description,
    uploaded_by: a.uploadedById,
    uploaded_at: wireTime(a.uploadedAt),
    download_url: downloadUrl,
  };
}

/** An audit-trail row on the wire. */
export function toWireHistory(h: HistoryEntry): WireHistory {
  return {
    id: h.id,
    ticket: h.ticketId,
    user: h.userId,
    action: h.action,
    field_name: h.fieldName,
    old_value: h.oldValue,
    new_value: h.newValue,
    timestamp: wireTime(h.timestamp),
  };
}

/** Statistics on the wire. */
export function toWireStatistics(s: TicketStatistics): WireStatistics {
  return {
    total_tickets: s.totalTickets,
    by_status: { ...s.byStatus },
    by_priority: { ...s.byPriority },
    by_category: { ...s.byCategory },
    overdue_count: s.overdueCount,
    unassigned_count: s.unassignedCount,
    my_tickets_count: s.myTicketsCount,
    avg_resolution_time_hours: s.avgResolutionTimeHours,
    ...(s.sla && {
      sla: {
        first_response: { ...s.sla.firstResponse },
        resolution: { ...s.sla.resolution },
      },
    }),
  };
}
