import { TICKET_ORDER_FIELDS, type TicketOrderField } from '../domain/enums.js';
import { parseSearchTerms } from '../domain/search.js';
import type { TicketListFilters } from '../domain/inputs.js';
import type { Actor } from '../domain/model.js';
import { ValidationError } from '../errors.js';
import type { StatisticsOptions, TicketFilter, TicketOrdering } from '../ports/ticket-store.js';
import { customerScope, isStaff } from './policy.js';

type ParsedFilters = Omit<TicketListFilters, 'createdAfter' | 'createdBefore'> & {
  createdAfter?: Date | string | undefined;
  createdBefore?: Date | string | undefined;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/u;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/u;

/**
 * Parses a `created_after`/`created_before` bound: a `YYYY-MM-DD` day (inclusive: `after` starts at
 * its midnight UTC, `before` includes the whole day) or a full timestamp (UTC when no offset).
 */
export function parseDateBound(value: Date | string, bound: 'after' | 'before', field: string): Date {
  if (value instanceof Date) return value;
  let date: Date | null = null;
  if (DAY.test(value)) {
    date = new Date(`${value}T00:00:00.000Z`);
    if (bound === 'before') date = new Date(date.getTime() + 86_400_000 - 1);
  } else if (TIMESTAMP.test(value)) {
    date = new Date(/Z|[+-]\d{2}:?\d{2}$/u.test(value) ? value : `${value}Z`);
  }
  if (!date || Number.isNaN(date.getTime()) || (DAY.test(value) && date.toISOString().slice(0, 10) !== value)) {
    throw ValidationError.field(field, 'Enter a valid date (YYYY-MM-DD) or date/time.');
  }
  return date;
}

/**
 * Translates caller filters into the store's filter for `actor`, or `null` when they can match
 * nothing (a customer asking for another customer's tickets; two assignees at once).
 */
export function toStoreFilter(actor: Actor, filters: ParsedFilters, categories: readonly string[]): TicketFilter | null {
  const filter: TicketFilter = {};
  if (filters.status) filter.status = filters.status;
  if (filters.priority) filter.priority = filters.priority;
  if (filters.category !== undefined) {
    if (!categories.includes(filters.category)) {
      throw ValidationError.field('category', `Select a valid choice. "${filters.category}" is not one of the available choices.`);
    }
    filter.category = filters.category;
  }
  const scope = customerScope(actor);
  if (scope !== undefined) {
    if (filters.customerId !== undefined && filters.customerId !== scope) return null;
    filter.customerId = scope;
  } else if (filters.customerId !== undefined) {
    filter.customerId = filters.customerId;
  }
  if (filters.assignedToId !== undefined) filter.assignedToId = filters.assignedToId;
  if (filters.myTickets) {
    if (isStaff(actor)) {
      if (filter.assignedToId !== undefined && filter.assignedToId !== actor.id) return null;
      filter.assignedToId = actor.id;
    } else {
      filter.createdById = actor.id;
    }
  }
  if (filters.unassigned) {
    if (filter.assignedToId !== undefined) return null;
    filter.unassigned = true;
  }
  if (filters.overdue) filter.overdue = true;
  // SLA state is staff-only: a customer's SLA filters are ignored, like a field they do not have.
  if (isStaff(actor)) {
    if (filters.slaStatus !== undefined) filter.slaStatus = filters.slaStatus;
    if (filters.slaBreached !== undefined) filter.slaBreached = filters.slaBreached;
  }
  if (filters.createdAfter !== undefined) filter.createdAfter = parseDateBound(filters.createdAfter, 'after', 'createdAfter');
  if (filters.createdBefore !== undefined) {
    filter.createdBefore = parseDateBound(filters.createdBefore, 'before', 'createdBefore');
  }
  const terms = parseSearchTerms(filters.search);
  if (terms.length > 0) filter.searchTerms = terms;
  return filter;
}

/** Parses `-created_at`-style ordering; unknown fields are a `ValidationError` on `ordering`. */
export function parseOrdering(ordering: string): TicketOrdering {
  const descending = ordering.startsWith('-');
  const field = descending ? ordering.slice(1) : ordering;
  if (!(TICKET_ORDER_FIELDS as readonly string[]).includes(field)) {
    throw ValidationError.field(
      'ordering',
      `Invalid ordering field "${field}". Choose one of: ${TICKET_ORDER_FIELDS.join(', ')} (prefix "-" for descending).`,
    );
  }
  return { field: field as TicketOrderField, direction: descending ? 'desc' : 'asc' };
}

/** What "my tickets" means for `actor`: assigned to staff; created by a customer. */
export function mineFor(actor: Actor): StatisticsOptions['mine'] {
  return isStaff(actor) ? { assignedToId: actor.id } : { createdById: actor.id };
}
