import {
  detailsKey,
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
function wireValue(kind: TicketFieldKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (kind === 'timestamp') return wireTime(value as Date);
  if (kind === 'tags') return formatTags(value as string[]);
  return value;
}

/**
 * The serializer of a field catalogue: a view (see core's `ticketViewsIn`) as the wire's
 * snake_case object, in the shape of `wireTicketSchemaFor(catalogue)`.
 */
export function wireTicketSerializer(catalogue: TicketFieldCatalogue): (view: Record<string, unknown>) => Record<string, unknown> {
  const entries = Object.entries(catalogue).filter(([, spec]) => spec.onWire !== false);
  const refs = Object.entries(catalogue).filter(([, spec]) => spec.refersTo !== undefined);
  return (view) => {
    // One fixed key order for every row keeps V8 on its fast object shapes.
    const out: Record<string, unknown> = {};
    for (const [name, spec] of entries) {
      out[spec.wire] = wireValue(spec.kind, view[name]);
      if (spec.kind === 'tags') out[`${spec.wire === 'tags' ? 'tag' : spec.wire}_list`] = [...((view[name] as string[] | undefined) ?? [])];
    }
    out.response_time_hours = view.responseTimeHours;
    out.resolution_time_hours = view.resolutionTimeHours;
    out.is_overdue = view.isOverdue;
    for (const [name, spec] of refs) out[`${spec.wire}_details`] = details(view[detailsKey(name)] as PartyDetails | null);
    return out;
  };
}

const serializeTicket = wireTicketSerializer(TICKET_FIELDS);

/** A ticket view as the wire's snake_case object; SLA fields only when the view has them (staff). */
export function toWireTicket(t: TicketView): WireTicket {
  const wire = serializeTicket(t as unknown as Record<string, unknown>) as WireTicket;
  if (t.slaStatus !== undefined) {
    Object.assign(wire, {
      sla_policy: t.slaPolicyId ?? null,
      first_response_due_at: wireTime(t.firstResponseDueAt ?? null),
      first_response_breached: t.firstResponseBreached ?? false,
      resolution_due_at: wireTime(t.resolutionDueAt ?? null),
      resolution_breached: t.resolutionBreached ?? false,
      sla_status: t.slaStatus,
      response_time_business_hours: t.responseTimeBusinessHours ?? null,
      resolution_time_business_hours: t.resolutionTimeBusinessHours ?? null,
    });
  }
  return wire;
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
