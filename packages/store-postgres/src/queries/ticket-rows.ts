import type { Insertable, Selectable, Updateable } from 'kysely';
import { parseFormattedTags, priorityRank, type NewTicket, type Ticket, type TicketPatch, type TicketPriority, type TicketStatus } from '@tessera/core';
import type { TicketsTable } from '../schema.js';

type TicketRow = Selectable<TicketsTable>;


/** A `tickets` row as the domain's `Ticket`. */
export function toTicket(row: TicketRow): Ticket {
  return {
    id: row.id,
    sequence: row.sequence,
    ticketNumber: row.ticket_number,
    subject: row.subject,
    description: row.description,
    status: row.status as TicketStatus,
    priority: row.priority as TicketPriority,
    category: row.category,
    customerId: row.customer_id,
    assignedToId: row.assigned_to_id,
    createdById: row.created_by_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    dueDate: row.due_date,
    estimatedHours: row.estimated_hours,
    actualHours: row.actual_hours,
    tags: parseFormattedTags(row.tags),
    firstResponseAt: row.first_response_at,
    version: row.version,
  };
}

/** A new ticket as a `tickets` insert. */
export function ticketInsert(ticket: NewTicket): Insertable<TicketsTable> {
  return {
    sequence: ticket.sequence,
    ticket_number: ticket.ticketNumber,
    subject: ticket.subject,
    description: ticket.description,
    status: ticket.status,
    priority: ticket.priority,
    priority_rank: priorityRank(ticket.priority),
    category: ticket.category,
    customer_id: ticket.customerId,
    assigned_to_id: ticket.assignedToId,
    created_by_id: ticket.createdById,
    created_at: ticket.createdAt,
    updated_at: ticket.updatedAt,
    resolved_at: ticket.resolvedAt,
    closed_at: ticket.closedAt,
    due_date: ticket.dueDate,
    estimated_hours: ticket.estimatedHours,
    actual_hours: ticket.actualHours,
    tags: ticket.tags.join(', '),
    first_response_at: ticket.firstResponseAt,
    version: ticket.version,
  };
}

const PATCH_COLUMNS = {
  subject: 'subject',
  description: 'description',
  status: 'status',
  priority: 'priority',
  category: 'category',
  customerId: 'customer_id',
  assignedToId: 'assigned_to_id',
  updatedAt: 'updated_at',
  resolvedAt: 'resolved_at',
  closedAt: 'closed_at',
  dueDate: 'due_date',
  estimatedHours: 'estimated_hours',
  actualHours: 'actual_hours',
  tags: 'tags',
  firstResponseAt: 'first_response_at',
  version: 'version',
} as const satisfies Record<keyof TicketPatch, keyof TicketsTable>;

/**
 * The columns a patch sets — only the fields present, so two concurrent patches of different
 * fields never overwrite each other's columns.
 */
export function ticketUpdate(patch: TicketPatch): Updateable<TicketsTable> {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(PATCH_COLUMNS)) {
    const value = patch[key as keyof TicketPatch];
    if (value === undefined) continue;
    out[column] = key === 'tags' ? (value as string[]).join(', ') : value;
  }
  if (patch.priority !== undefined) out.priority_rank = priorityRank(patch.priority);
  return out as Updateable<TicketsTable>;
}
