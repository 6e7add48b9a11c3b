import { formatTags, parseFormattedTags, priorityRank, type NewTicket, type Ticket, type TicketPatch } from '@tessera/core';
import type { TicketsTable } from '../schema.js';
import { fromMs, toMs } from './context.js';

/** A `tickets` row as SELECTed. */
export type TicketRow = Omit<TicketsTable, 'id'> & { id: number };

/** Columns of a ticket, in the order {@link ticketValues} produces them. */
export const TICKET_INSERT_COLUMNS = [
  'sequence', 'ticket_number', 'subject', 'description', 'status', 'priority', 'priority_rank', 'category',
  'customer_id', 'assigned_to_id', 'created_by_id', 'created_at', 'updated_at', 'resolved_at', 'closed_at',
  'due_date', 'estimated_hours', 'actual_hours', 'tags', 'first_response_at', 'version',
] as const;

/** `SELECT` list for a whole ticket row (with table alias `t`). */
export const TICKET_SELECT = ['id', ...TICKET_INSERT_COLUMNS].map((c) => `t.${c}`).join(', ');
/** The same list unqualified (for `RETURNING`). */
export const TICKET_RETURNING = ['id', ...TICKET_INSERT_COLUMNS].join(', ');


/** A stored row as the domain's `Ticket`. */
export function toTicket(row: TicketRow): Ticket {
  return {
    id: row.id,
    sequence: row.sequence,
    ticketNumber: row.ticket_number,
    subject: row.subject,
    description: row.description,
    status: row.status as Ticket['status'],
    priority: row.priority as Ticket['priority'],
    category: row.category,
    customerId: row.customer_id,
    assignedToId: row.assigned_to_id,
    createdById: row.created_by_id,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    resolvedAt: fromMs(row.resolved_at),
    closedAt: fromMs(row.closed_at),
    dueDate: fromMs(row.due_date),
    estimatedHours: row.estimated_hours,
    actualHours: row.actual_hours,
    tags: parseFormattedTags(row.tags),
    firstResponseAt: fromMs(row.first_response_at),
    version: row.version,
  };
}

/** Positional values of a new ticket for the insert statement. */
export function ticketValues(t: NewTicket): unknown[] {
  return [
    t.sequence, t.ticketNumber, t.subject, t.description, t.status, t.priority, priorityRank(t.priority), t.category,
    t.customerId, t.assignedToId, t.createdById, t.createdAt.getTime(), t.updatedAt.getTime(), toMs(t.resolvedAt),
    toMs(t.closedAt), toMs(t.dueDate), t.estimatedHours, t.actualHours, formatTags(t.tags), toMs(t.firstResponseAt),
    t.version,
  ];
}

type PatchColumns = Partial<Record<(typeof TICKET_INSERT_COLUMNS)[number], unknown>>;

/** The column values a patch writes. Immutable fields are ignored whatever a caller passes. */
export function patchColumns(patch: TicketPatch): PatchColumns {
  const out: PatchColumns = {};
  const set = (column: keyof PatchColumns, value: unknown) => {
    if (value !== undefined) out[column] = value;
  };
  set('subject', patch.subject);
  set('description', patch.description);
  set('status', patch.status);
  if (patch.priority !== undefined) {
    out.priority = patch.priority;
    out.priority_rank = priorityRank(patch.priority);
  }
  set('category', patch.category);
  set('customer_id', patch.customerId);
  set('assigned_to_id', patch.assignedToId);
  set('updated_at', patch.updatedAt === undefined ? undefined : patch.updatedAt.getTime());
  set('resolved_at', patch.resolvedAt === undefined ? undefined : toMs(patch.resolvedAt));
  set('closed_at', patch.closedAt === undefined ? undefined : toMs(patch.closedAt));
  set('due_date', patch.dueDate === undefined ? undefined : toMs(patch.dueDate));
  set('estimated_hours', patch.estimatedHours);
  set('actual_hours', patch.actualHours);
  set('tags', patch.tags === undefined ? undefined : formatTags(patch.tags));
  set('first_response_at', patch.firstResponseAt === undefined ? undefined : toMs(patch.firstResponseAt));
  set('version', patch.version);
  return out;
}
