import {
  formatFileSize,
  formatTags,
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

/** A ticket view as the wire's snake_case object; SLA fields only when the view has them (staff). */
export function toWireTicket(t: TicketView): WireTicket {
  const wire: WireTicket = {
    id: t.id,
    ticket_number: t.ticketNumber,
    subject: t.subject,
    description: t.description,
    status: t.status,
    priority: t.priority,
    category: t.category,
    customer: t.customerId,
    assigned_to: t.assignedToId,
    created_by: t.createdById,
    created_at: wireTime(t.createdAt),
    updated_at: wireTime(t.updatedAt),
    resolved_at: wireTime(t.resolvedAt),
    closed_at: wireTime(t.closedAt),
    due_date: wireTime(t.dueDate),
    estimated_hours: t.estimatedHours,
    actual_hours: t.actualHours,
    tags: formatTags(t.tags),
    tag_list: [...t.tags],
    version: t.version,
    first_response_at: wireTime(t.firstResponseAt),
    response_time_hours: t.responseTimeHours,
    resolution_time_hours: t.resolutionTimeHours,
    is_overdue: t.isOverdue,
    customer_details: details(t.customerDetails),
    assigned_to_details: details(t.assignedToDetails),
    created_by_details: details(t.createdByDetails),
  };
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
