import { TICKET_ORDER_FIELDS, type TicketOrderField } from '../domain/enums.js';
import { parseSearchTerms } from '../domain/search.js';
import type { TicketListFilters } from '../domain/inputs.js';
import type { Actor } from '../domain/model.js';
import { isDateInRange, parseDateTime } from '../domain/dates.js';
import { ValidationError } from '../errors.js';
import type { StatisticsOptions, TicketFilter, TicketOrdering } from '../ports/ticket-store.js';
import { customerScope, isStaff } from './policy.js';

type ParsedFilters = Omit<TicketListFilters, 'createdAfter' | 'createdBefore'> & {
  createdAfter?: Date | string | undefined;
  createdBefore?: Date | string | undefined;
};

/**
 * Parses a `created_after`/`created_before` bound in the one date grammar (`parseDateTime`): a
 * `YYYY-MM-DD` day is inclusive (`after` starts at its midnight UTC, `before` includes the whole day).
 */
export function parseDateBound(value: Date | string, bound: 'after' | 'before', field: string): Date {
  if (value instanceof Date) {
    if (isDateInRange(value)) return value;
    throw new ValidationError({ [field]: [{ code: 'date_out_of_range' }] }, { location: 'query' });
  }
  const parsed = parseDateTime(value, bound === 'before' ? 'end' : 'start');
  if (!parsed.ok) throw new ValidationError({ [field]: [parsed.issue] }, { location: 'query' });
  return parsed.date;
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
      throw new ValidationError({ category: [{ code: 'invalid_choice', params: { input: filters.category } }] }, { location: 'query' });
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
    throw new ValidationError(
      { ordering: [{ code: 'invalid_ordering', params: { input: field, choices: TICKET_ORDER_FIELDS.join(', ') } }] },
      { location: 'query' },
    );
  }
  return { field: field as TicketOrderField, direction: descending ? 'desc' : 'asc' };
}

/** What "my tickets" means for `actor`: assigned to staff; created by a customer. */
export function mineFor(actor: Actor): StatisticsOptions['mine'] {
  return isStaff(actor) ? { assignedToId: actor.id } : { createdById: actor.id };
}
