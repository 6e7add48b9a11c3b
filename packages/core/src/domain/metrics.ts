import { isTerminalStatus } from './lifecycle.js';
import type { Ticket, TicketMetrics } from './model.js';

const MS_PER_HOUR = 3_600_000;

/** Hours between two instants, rounded to 2 decimals. */
export function hoursBetween(from: Date, to: Date): number {
  return Math.round(((to.getTime() - from.getTime()) / MS_PER_HOUR) * 100) / 100;
}

/**
 * Whether a ticket is overdue at `now`: its due date is strictly before `now` and its status is
 * not terminal ({@link TERMINAL_STATUSES}). Stores evaluate the same rule in SQL.
 */
export function isOverdue(ticket: Pick<Ticket, 'dueDate' | 'status'>, now: Date): boolean {
  return ticket.dueDate !== null && ticket.dueDate.getTime() < now.getTime() && !isTerminalStatus(ticket.status);
}

/** Response/resolution times and overdue state. */
export function computeMetrics(
  ticket: Pick<Ticket, 'createdAt' | 'resolvedAt' | 'dueDate' | 'status' | 'firstResponseAt'>,
  now: Date,
): TicketMetrics {
  return {
    firstResponseAt: ticket.firstResponseAt,
    responseTimeHours: ticket.firstResponseAt ? hoursBetween(ticket.createdAt, ticket.firstResponseAt) : null,
    resolutionTimeHours: ticket.resolvedAt ? hoursBetween(ticket.createdAt, ticket.resolvedAt) : null,
    isOverdue: isOverdue(ticket, now),
  };
}

/** Whether a comment counts as the first response: public and written by staff. */
export function isResponseComment(comment: { isInternal: boolean }, authorRole: 'staff' | 'customer'): boolean {
  return authorRole === 'staff' && !comment.isInternal;
}
