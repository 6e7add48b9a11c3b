import { ForbiddenError, NotFoundError } from '../errors.js';
import { staffOnlyFields, TICKET_FIELDS } from '../domain/ticket-fields.js';
import type { Actor, Ticket } from '../domain/model.js';

/**
 * Authorization rules, in one place. Customers see and act only on their own
 * customer's tickets; everything else about another customer's ticket is "not found" so ids do
 * not leak. Staff see everything.
 */
export function isStaff(actor: Actor): boolean {
  return actor.role === 'staff';
}

/**
 * The customer a customer actor is confined to; `undefined` for staff. A customer actor without
 * a customer id is confined to id 0, which no customer has: they see nothing.
 */
export function customerScope(actor: Actor): number | undefined {
  return isStaff(actor) ? undefined : (actor.customerId ?? 0);
}

/**
 * The store filter every ticket-activity list (comments, attachments, history) starts from: the
 * ticket asked for, if any, and for a customer only rows on their own tickets.
 */
export function activityScope(actor: Actor, ticketId: number | undefined): { ticketId?: number; customerId?: number } {
  const scope = customerScope(actor);
  return {
    ...(ticketId !== undefined && { ticketId }),
    ...(scope !== undefined && { customerId: scope }),
  };
}

/** Throws `NotFoundError` when `actor` may not know `ticket` exists. */
export function assertCanSee(actor: Actor, ticket: Ticket | null, id: number): asserts ticket is Ticket {
  if (!ticket) throw new NotFoundError('ticket', id);
  const scope = customerScope(actor);
  if (scope !== undefined && ticket.customerId !== scope) throw new NotFoundError('ticket', id);
}

/**
 * Whether `actor` may see a row of a ticket that can be internal (a comment, a history row):
 * staff always; a customer only when the row is public and its ticket is their customer's.
 */
export async function maySeeTicketRow(
  actor: Actor,
  row: { ticketId: number; isInternal: boolean },
  getTicket: (id: number) => Promise<Ticket | null>,
): Promise<boolean> {
  const scope = customerScope(actor);
  return scope === undefined || (!row.isInternal && (await getTicket(row.ticketId))?.customerId === scope);
}

/** Throws `ForbiddenError` (`staff_only`, with `what` as the action) unless `actor` is staff. */
export function assertStaff(actor: Actor, what: string): void {
  if (!isStaff(actor)) throw new ForbiddenError('staff_only', { action: what });
}

// Fields only staff may set or change: the catalogue's `writer: 'staff'` fields.
const STAFF_ONLY_CHANGES = staffOnlyFields(TICKET_FIELDS);

/** Throws `ForbiddenError` (`staff_only_field`) when a customer's effective changes touch staff-only fields. */
export function assertMayChange(actor: Actor, changes: Readonly<Record<string, unknown>>): void {
  if (isStaff(actor)) return;
  const field = STAFF_ONLY_CHANGES.find((key) => changes[key] !== undefined);
  if (field) throw new ForbiddenError('staff_only_field', { field });
}
