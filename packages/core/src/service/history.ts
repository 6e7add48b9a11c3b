import { historyListQuerySchema } from '../domain/inputs.js';
import type { Actor, HistoryEntry } from '../domain/model.js';
import { NotFoundError } from '../errors.js';
import type { ServiceContext } from './context.js';
import { readPage } from './pagination.js';
import { activityScope, isStaff, maySeeTicketRow } from './policy.js';
import { listOperation } from './list-operation.js';

/** Audit-trail rows the actor may see, oldest first; rows about internal comments are staff-only. */
export const listHistory = listOperation(historyListQuerySchema, (ctx, actor, parsed) =>
  readPage(parsed, (window) =>
    ctx.store.listHistory(
      {
        includeInternal: isStaff(actor),
        ...activityScope(actor, parsed.ticketId),
        ...(parsed.action !== undefined && { action: parsed.action }),
      },
      window,
    ),
  ),
);

/** One audit-trail row the actor may see: customers never see internal rows nor other customers' tickets. */
export async function getHistoryEntry(ctx: ServiceContext, actor: Actor, id: number): Promise<HistoryEntry> {
  const entry = await ctx.store.getHistoryEntry(id);
  if (entry && (await maySeeTicketRow(actor, entry, (ticketId) => ctx.store.getTicket(ticketId)))) return entry;
  throw new NotFoundError('history', id);
}
