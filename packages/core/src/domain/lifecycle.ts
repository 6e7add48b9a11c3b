import { match, P } from 'ts-pattern';
import { InvalidTransitionError } from '../errors.js';
import type { TicketStatus } from './enums.js';
import type { Ticket } from './model.js';

/**
 * Statuses in which a ticket's work is done: it cannot be overdue, and it counts as resolved for
 * metrics. Stores generate their "overdue" SQL from this list.
 */
export const TERMINAL_STATUSES = ['resolved', 'closed'] as const satisfies readonly TicketStatus[];

/** Whether `status` is one of {@link TERMINAL_STATUSES}. */
export function isTerminalStatus(status: TicketStatus): boolean {
  return (TERMINAL_STATUSES as readonly TicketStatus[]).includes(status);
}

const WORKING_TARGETS: readonly TicketStatus[] = ['open', 'in_progress', 'pending', 'resolved', 'closed'];

/**
 * The statuses a ticket may move to from `from`: new, open, in_progress, pending and reopened
 * may move to open, in_progress, pending, resolved or closed; resolved to closed or reopened;
 * closed only to reopened. Staying in the same status is not a transition; {@link applyStatusChange} treats it as a no-op.
 */
export function allowedTransitions(from: TicketStatus): readonly TicketStatus[] {
  return match(from)
    .with(P.union('new', 'open', 'in_progress', 'pending', 'reopened'), () => WORKING_TARGETS)
    .with('resolved', () => ['closed', 'reopened'] as const)
    .with('closed', () => ['reopened'] as const)
    .exhaustive();
}

/** Whether `from → to` is allowed (a same-status "change" counts as allowed: it is a no-op). */
export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return from === to || allowedTransitions(from).includes(to);
}

/** The status-dependent fields a transition sets. */
export interface StatusChange {
  status: TicketStatus;
  resolvedAt: Date | null;
  closedAt: Date | null;
}

/**
 * Computes the fields that change when `ticket` moves to `to` at `now`, or
 * `null` when `to` is the current status (a no-op).
 *
 * @throws InvalidTransitionError when the lifecycle forbids the move.
 */
export function applyStatusChange(
  ticket: Pick<Ticket, 'status' | 'resolvedAt' | 'closedAt'>,
  to: TicketStatus,
  now: Date,
): StatusChange | null {
  if (ticket.status === to) return null;
  if (!allowedTransitions(ticket.status).includes(to)) throw new InvalidTransitionError(ticket.status, to);
  return match(to)
    .with('resolved', () => ({ status: to, resolvedAt: now, closedAt: ticket.closedAt }))
    .with('closed', () => ({ status: to, resolvedAt: ticket.resolvedAt ?? now, closedAt: now }))
    .with('reopened', () => ({ status: to, resolvedAt: null, closedAt: null }))
    .otherwise(() => ({ status: to, resolvedAt: ticket.resolvedAt, closedAt: ticket.closedAt }));
}
