import type { TicketStatus } from './enums.js';
import { TICKET_PRIORITIES } from './enums.js';

/**
 * Statuses in which a ticket's work is over: it is never overdue, it counts as resolved in
 * statistics, and stores index the other (open) tickets separately. SQL stores generate their
 * `status NOT IN (…)` predicates, partial indexes and triggers from this list.
 */
export const TERMINAL_STATUSES = ['resolved', 'closed'] as const satisfies readonly TicketStatus[];

/** Whether `status` is one of {@link TERMINAL_STATUSES}. */
export function isTerminalStatus(status: TicketStatus): boolean {
  return (TERMINAL_STATUSES as readonly TicketStatus[]).includes(status);
}

/**
 * Pairs of (priority, rank) in rank order, low = 1 … critical = 5: what SQL stores turn into a
 * `CASE` expression or a stored rank column so ordering by priority follows the rank.
 */
export const PRIORITY_RANKS: readonly (readonly [(typeof TICKET_PRIORITIES)[number], number])[] = TICKET_PRIORITIES.map(
  (priority, index) => [priority, index + 1] as const,
);

/**
 * Ticket fields fixed at creation: a ticket update never changes them, whatever a caller passes
 * (the store port's `TicketPatch` leaves them out).
 */
export const IMMUTABLE_TICKET_FIELDS = ['id', 'sequence', 'ticketNumber', 'createdAt', 'createdById'] as const;
