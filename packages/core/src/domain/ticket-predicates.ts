import { TICKET_PRIORITIES } from './enums.js';

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
