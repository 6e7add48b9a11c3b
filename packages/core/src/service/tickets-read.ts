import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketPriority, type TicketStatus } from '../domain/enums.js';
import { ticketListFiltersSchema, ticketListQuerySchema, type TicketListFilters } from '../domain/inputs.js';
import type { Actor } from '../domain/model.js';
import { NotFoundError } from '../errors.js';
import type { ServiceContext } from './context.js';
import { emptyPage, pageWindow, toListPage } from './pagination.js';
import { assertCanSee, isStaff } from './policy.js';
import { mineFor, parseOrdering, toStoreFilter } from './ticket-query.js';
import type { ListPage, TicketDetail, TicketStatistics, TicketView } from './types.js';
import { parseInput } from './validate.js';
import { ticketViewsFor } from './sla-views.js';
import { memoizeDirectory } from './directory-memo.js';
import { listOperation } from './list-operation.js';

/** Ticket detail: the row, metrics, people, and the comments/attachments/history the actor may see. */
export async function getTicket(ctx: ServiceContext, actor: Actor, id: number): Promise<TicketDetail> {
  // One read for the ticket and its activity (a customer's never holds internal rows) and, when
  // the service's directory is the store's own, for the people the view names.
  const storeDirectory = ctx.directory !== null && ctx.directory === ctx.store.directory;
  const found = await ctx.store.getTicketWithActivity(id, { includeInternal: isStaff(actor), people: storeDirectory });
  if (!found) throw new NotFoundError('ticket', id);
  assertCanSee(actor, found.ticket, id);
  let viewCtx = ctx;
  if (found.people && ctx.directory) {
    const directory = memoizeDirectory(ctx.directory);
    directory.prime(found.people);
    viewCtx = { ...ctx, directory };
  }
  const [view] = await ticketViewsFor(viewCtx, actor, [found.ticket], ctx.clock.now());
  // Object.assign, not `{ ...view, … }`: adding keys after a spread is a slow path in V8 (see views.ts).
  return Object.assign(view!, { comments: found.comments, attachments: found.attachments, history: found.history });
}

/** A filtered, ordered page of tickets, computed by the store. */
export const listTickets = listOperation(ticketListQuerySchema, async (ctx, actor, parsed): Promise<ListPage<TicketView>> => {
  const ordering = parseOrdering(parsed.ordering);
  const filter = toStoreFilter(actor, parsed, ctx.categories);
  if (!filter) return emptyPage(parsed.page, parsed.pageSize);
  const now = ctx.clock.now();
  const result = await ctx.store.listTickets({ filter, ordering, page: pageWindow(parsed.page, parsed.pageSize), now });
  const views = await ticketViewsFor(ctx, actor, result.rows, now);
  return toListPage(result, parsed.page, parsed.pageSize, views);
});

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/** Statistics (counts by status, priority and category, overdue, mine) over the tickets matching `filters`, with zeros for empty groups. */
export async function ticketStatistics(
  ctx: ServiceContext,
  actor: Actor,
  filters: TicketListFilters = {},
): Promise<TicketStatistics> {
  const parsed = parseInput(ticketListFiltersSchema, filters);
  // A filter that can match nothing becomes one that matches nothing: no customer has id 0.
  const filter = toStoreFilter(actor, parsed, ctx.categories) ?? { customerId: 0 };
  const stats = await ctx.store.statistics(filter, { now: ctx.clock.now(), mine: mineFor(actor) });
  return {
    totalTickets: stats.total,
    byStatus: { ...zeros<TicketStatus>(TICKET_STATUSES), ...stats.byStatus },
    byPriority: { ...zeros<TicketPriority>(TICKET_PRIORITIES), ...stats.byPriority },
    byCategory: { ...zeros(ctx.categories), ...stats.byCategory },
    overdueCount: stats.overdueCount,
    unassignedCount: stats.unassignedCount,
    myTicketsCount: stats.myTicketsCount,
    avgResolutionTimeHours:
      stats.avgResolutionTimeHours === null ? null : Math.round(stats.avgResolutionTimeHours * 100) / 100,
    ...(isStaff(actor) && { sla: stats.sla }),
  };
}
