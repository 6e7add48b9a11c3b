import { isResponseComment } from '../domain/metrics.js';
import { commentInputSchema, commentListQuerySchema, type CommentInput } from '../domain/inputs.js';
import type { Actor, Comment } from '../domain/model.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { emitAll, inTransaction, type PendingEvent, type ServiceContext } from './context.js';
import { appendToOutbox } from './outbox.js';
import { slaBreachEvents, slaBreachHistory, slaFieldsForFirstResponse } from './sla-clocks.js';
import { emptyPage, readPage } from './pagination.js';
import { activityScope, assertCanSee, isStaff, maySeeTicketRow } from './policy.js';
import type { ListPage } from './types.js';
import { parseInput } from './validate.js';
import { listOperation } from './list-operation.js';

/**
 * Adds a comment and its `comment_added` history row in one transaction. The first public staff
 * comment sets the ticket's `firstResponseAt` (the response-time metric starts from it). Customers cannot write internal notes.
 */
export async function addComment(
  ctx: ServiceContext,
  actor: Actor,
  ticketId: number,
  raw: CommentInput,
): Promise<Comment> {
  // The ticket first: an invisible ticket is 404 whatever the body holds.
  assertCanSee(actor, await ctx.store.getTicket(ticketId), ticketId);
  const input = parseInput(commentInputSchema, raw);
  const now = ctx.clock.now();
  const { comment, pending } = await inTransaction(ctx, async (tx) => {
    const found = await tx.lockTicket(ticketId);
    assertCanSee(actor, found, ticketId);
    if (input.isInternal && !isStaff(actor)) throw new ForbiddenError('internal_comment');
    const created = await tx.insertComment({
      ticketId,
      authorId: actor.id,
      content: input.content,
      isInternal: input.isInternal,
      createdAt: now,
      updatedAt: now,
    });
    await tx.insertHistory([
      {
        ticketId,
        userId: actor.id,
        action: 'comment_added',
        fieldName: null,
        oldValue: null,
        newValue: String(created.id),
        timestamp: now,
        isInternal: input.isInternal,
      },
    ]);
    // A response is a metric, not an edit: it keeps the ticket's version and updated_at.
    let responded = found;
    let breachEvents: PendingEvent[] = [];
    if (found.firstResponseAt === null && isResponseComment(created, actor.role)) {
      const sla = slaFieldsForFirstResponse(found, now);
      responded = await tx.updateTicket(ticketId, { firstResponseAt: now, ...sla.fields });
      if (sla.breaches.length > 0) await tx.insertHistory(slaBreachHistory(ticketId, sla.breaches, now));
      breachEvents = slaBreachEvents(ticketId, sla.breaches);
    }
    const pending: PendingEvent[] = [['comment.added', { comment: created, ticket: responded, actor }], ...breachEvents];
    await appendToOutbox(ctx, tx, pending, now);
    return { comment: created, pending };
  });
  emitAll(ctx, pending);
  return comment;
}

/** Comments the actor may see, oldest first; customers never see internal ones. */
export const listComments = listOperation(commentListQuerySchema, async (ctx, actor, parsed): Promise<ListPage<Comment>> => {
  const staff = isStaff(actor);
  if (!staff && parsed.isInternal === true) return emptyPage(parsed.page, parsed.pageSize);
  const visibility = staff ? parsed.isInternal !== undefined && { isInternal: parsed.isInternal } : { isInternal: false };
  return readPage(parsed, (window) =>
    ctx.store.listComments({ ...activityScope(actor, parsed.ticketId), ...visibility }, window),
  );
});

/** One comment the actor may see: customers never see internal ones nor other customers' tickets. */
export async function getComment(ctx: ServiceContext, actor: Actor, id: number): Promise<Comment> {
  const comment = await ctx.store.getComment(id);
  if (comment && (await maySeeTicketRow(actor, comment, (ticketId) => ctx.store.getTicket(ticketId)))) return comment;
  throw new NotFoundError('comment', id);
}
