import { historyListQuerySchema, type HistoryListQuery } from '../domain/inputs.js';
import type { Actor, HistoryEntry } from '../domain/model.js';
import type { ServiceContext } from './context.js';
import { pageWindow, toListPage } from './pagination.js';
import { customerScope, isStaff } from './policy.js';
import type { ListPage } from './types.js';
import { parseInput } from './validate.js';

/** Audit-trail rows the actor may see, oldest first; rows about internal comments are staff-only. */
export async function listHistory(
  ctx: ServiceContext,
  actor: Actor,
  query: HistoryListQuery = {},
): Promise<ListPage<HistoryEntry>> {
  const parsed = parseInput(historyListQuerySchema, query);
  const scope = customerScope(actor);
  const result = await ctx.store.listHistory(
    {
      includeInternal: isStaff(actor),
      ...(parsed.ticketId !== undefined && { ticketId: parsed.ticketId }),
      ...(parsed.action !== undefined && { action: parsed.action }),
      ...(scope !== undefined && { customerId: scope }),
    },
    pageWindow(parsed.page, parsed.pageSize),
  );
  return toListPage(result, parsed.page, parsed.pageSize);
}
