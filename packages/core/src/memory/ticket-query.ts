import { priorityRank } from '../domain/enums.js';
import { isOverdue } from '../domain/metrics.js';
import type { Ticket } from '../domain/model.js';
import { matchesSearch } from '../domain/search.js';
import { formatTags } from '../domain/tags.js';
import { countSla, emptySlaStatistics, matchesSlaFilter } from '../sla/ticket-query.js';
import type { PageRequest, StoreStatistics, TicketFilter, TicketOrdering } from '../ports/ticket-store.js';

// The in-memory store evaluates the port's query semantics with the core's domain helpers,
// so it doubles as the executable reference the SQL adapters are checked against.

/** Whether `ticket` satisfies every condition of `filter` at `now`. */
export function matchesTicketFilter(ticket: Ticket, filter: TicketFilter, now: Date): boolean {
  if (filter.status !== undefined && ticket.status !== filter.status) return false;
  if (filter.priority !== undefined && ticket.priority !== filter.priority) return false;
  if (filter.category !== undefined && ticket.category !== filter.category) return false;
  if (filter.customerId !== undefined && ticket.customerId !== filter.customerId) return false;
  if (filter.assignedToId !== undefined && ticket.assignedToId !== filter.assignedToId) return false;
  if (filter.createdById !== undefined && ticket.createdById !== filter.createdById) return false;
  if (filter.unassigned === true && ticket.assignedToId !== null) return false;
  if (filter.overdue === true && !isOverdue(ticket, now)) return false;
  const created = ticket.createdAt.getTime();
  if (filter.createdAfter !== undefined && created < filter.createdAfter.getTime()) return false;
  if (filter.createdBefore !== undefined && created > filter.createdBefore.getTime()) return false;
  if (filter.searchTerms !== undefined && filter.searchTerms.length > 0) {
    const haystacks = [ticket.ticketNumber, ticket.subject, ticket.description, formatTags(ticket.tags)];
    if (!matchesSearch(haystacks, filter.searchTerms)) return false;
  }
  return matchesSlaFilter(ticket, filter, now);
}

function compareValues(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sort key of a ticket for an ordering field; `null` only for a missing (due) date. */
function sortKey(ticket: Ticket, field: TicketOrdering['field']): number | string | null {
  switch (field) {
    case 'created_at':
      return ticket.createdAt.getTime();
    case 'updated_at':
      return ticket.updatedAt.getTime();
    case 'due_date':
      return ticket.dueDate?.getTime() ?? null;
    case 'priority':
      return priorityRank(ticket.priority);
    case 'status':
      return ticket.status;
    case 'ticket_number':
      return ticket.sequence;
    case 'first_response_due_at':
      return ticket.slaFirstResponseDueAt?.getTime() ?? null;
    case 'resolution_due_at':
      return ticket.slaResolutionDueAt?.getTime() ?? null;
  }
}

/**
 * A comparator for `ordering` (port contract): ties broken by id in the same direction;
 * missing due dates sort last ascending and first descending.
 */
export function compareTickets(ordering: TicketOrdering): (a: Ticket, b: Ticket) => number {
  const sign = ordering.direction === 'asc' ? 1 : -1;
  return (a, b) => {
    const ka = sortKey(a, ordering.field);
    const kb = sortKey(b, ordering.field);
    let order: number;
    if (ka === null || kb === null) {
      // A null is "greater" than every value, so it lands last ascending and first descending.
      order = ka === kb ? 0 : ka === null ? 1 : -1;
    } else {
      order = compareValues(ka, kb);
    }
    return sign * (order !== 0 ? order : a.id - b.id);
  };
}

/** The rows of `rows` inside the page window (all of them without a page). */
export function pageOf<T>(rows: readonly T[], page: PageRequest | undefined): T[] {
  if (!page) return [...rows];
  return rows.slice(page.offset, page.offset + page.limit);
}

const MS_PER_HOUR = 3_600_000;

/** Statistics over no tickets: empty groups, zero counts and no mean resolution time. */
export function emptyStoreStatistics(): StoreStatistics {
  return {
    total: 0,
    byStatus: {},
    byPriority: {},
    byCategory: {},
    overdueCount: 0,
    unassignedCount: 0,
    myTicketsCount: 0,
    avgResolutionTimeHours: null,
    sla: emptySlaStatistics(),
  };
}

/** Aggregates over already-filtered tickets (port's `StoreStatistics`). */
export function ticketStatistics(
  tickets: readonly Ticket[],
  options: { now: Date; mine: { assignedToId: number } | { createdById: number } },
): StoreStatistics {
  const stats = emptyStoreStatistics();
  stats.total = tickets.length;
  // A Map, so a category named like an Object.prototype member cannot misbehave.
  const byCategory = new Map<string, number>();
  let resolvedCount = 0;
  let resolutionMs = 0;
  for (const t of tickets) {
    stats.byStatus[t.status] = (stats.byStatus[t.status] ?? 0) + 1;
    stats.byPriority[t.priority] = (stats.byPriority[t.priority] ?? 0) + 1;
    byCategory.set(t.category, (byCategory.get(t.category) ?? 0) + 1);
    if (isOverdue(t, options.now)) stats.overdueCount += 1;
    if (t.assignedToId === null) stats.unassignedCount += 1;
    if (isMine(t, options.mine)) stats.myTicketsCount += 1;
    countSla(stats.sla, t, options.now);
    if (t.resolvedAt !== null) {
      resolvedCount += 1;
      resolutionMs += t.resolvedAt.getTime() - t.createdAt.getTime();
    }
  }
  stats.byCategory = Object.fromEntries(byCategory);
  if (resolvedCount > 0) stats.avgResolutionTimeHours = resolutionMs / resolvedCount / MS_PER_HOUR;
  return stats;
}

function isMine(ticket: Ticket, mine: { assignedToId: number } | { createdById: number }): boolean {
  return 'assignedToId' in mine ? ticket.assignedToId === mine.assignedToId : ticket.createdById === mine.createdById;
}
