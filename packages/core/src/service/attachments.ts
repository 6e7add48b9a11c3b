import { sanitizeFilename } from '../domain/files.js';
import { attachmentInputSchema, attachmentListQuerySchema, type AttachmentInput } from '../domain/inputs.js';
import type { Actor, Attachment } from '../domain/model.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { BlobBody } from '../ports/blob-store.js';
import { emitAll, inTransaction, type PendingEvent, type ServiceContext } from './context.js';
import { appendToOutbox } from './outbox.js';
import { readPage } from './pagination.js';
import { activityScope, assertCanSee, customerScope, isStaff } from './policy.js';
import { listOperation } from './list-operation.js';
import { parseInput } from './validate.js';

/**
 * Stores the bytes first (outside the transaction: blobs are not transactional), then the
 * metadata and `attachment_added` history in one transaction. If anything after the upload fails,
 * the bytes are removed again, so no orphan stays behind.
 */
export async function addAttachment(
  ctx: ServiceContext,
  actor: Actor,
  ticketId: number,
  raw: AttachmentInput & { body: BlobBody },
): Promise<Attachment> {
  const { body, ...meta } = raw;
  assertCanSee(actor, await ctx.store.getTicket(ticketId), ticketId);
  const input = parseInput(attachmentInputSchema, meta);

  const blobKey = `${ticketId}/${globalThis.crypto.randomUUID()}`;
  const { size } = await ctx.blobs.put(blobKey, body, { maxBytes: ctx.uploadLimitBytes });
  const now = ctx.clock.now();
  try {
    const { attachment, pending } = await inTransaction(ctx, async (tx) => {
      const found = await tx.lockTicket(ticketId);
      assertCanSee(actor, found, ticketId);
      const created = await tx.insertAttachment({
        ticketId,
        filename: sanitizeFilename(input.filename),
        fileSize: size,
        contentType: input.contentType,
        description: input.description,
        uploadedById: actor.id,
        uploadedAt: now,
        blobKey,
      });
      await tx.insertHistory([
        {
          ticketId,
          userId: actor.id,
          action: 'attachment_added',
          fieldName: null,
          oldValue: null,
          newValue: created.filename,
          timestamp: now,
          isInternal: false,
        },
      ]);
      const pending: PendingEvent[] = [['attachment.added', { attachment: created, ticket: found, actor }]];
      await appendToOutbox(ctx, tx, pending, now);
      return { attachment: created, pending };
    });
    emitAll(ctx, pending);
    return attachment;
  } catch (error) {
    await ctx.blobs.delete(blobKey).catch(ctx.onEventError);
    throw error;
  }
}

/** Attachment metadata, if the actor may see its ticket. */
export async function getAttachment(ctx: ServiceContext, actor: Actor, id: number): Promise<Attachment> {
  const attachment = await ctx.store.getAttachment(id);
  if (!attachment) throw new NotFoundError('attachment', id);
  const ticket = await ctx.store.getTicket(attachment.ticketId);
  if (!ticket || (customerScope(actor) !== undefined && ticket.customerId !== customerScope(actor))) {
    throw new NotFoundError('attachment', id);
  }
  return attachment;
}

/** Metadata plus a stream of the bytes. */
export async function readAttachment(
  ctx: ServiceContext,
  actor: Actor,
  id: number,
): Promise<{ attachment: Attachment; body: ReadableStream<Uint8Array> }> {
  const attachment = await getAttachment(ctx, actor, id);
  const body = await ctx.blobs.get(attachment.blobKey);
  if (!body) throw new NotFoundError('attachment', id);
  return { attachment, body };
}

/** Attachments the actor may see, oldest first. */
export const listAttachments = listOperation(attachmentListQuerySchema, (ctx, actor, parsed) =>
  readPage(parsed, (window) => ctx.store.listAttachments(activityScope(actor, parsed.ticketId), window)),
);

/** Removes an attachment (staff, or its uploader): row + `attachment_removed` history, then the bytes. */
export async function removeAttachment(ctx: ServiceContext, actor: Actor, id: number): Promise<void> {
  const attachment = await getAttachment(ctx, actor, id);
  if (!isStaff(actor) && attachment.uploadedById !== actor.id) {
    throw new ForbiddenError('not_uploader');
  }
  const now = ctx.clock.now();
  const pending = await inTransaction(ctx, async (tx) => {
    const ticket = await tx.lockTicket(attachment.ticketId);
    const current = await tx.getAttachment(id);
    if (!ticket || !current) throw new NotFoundError('attachment', id);
    await tx.deleteAttachment(id);
    await tx.insertHistory([
      {
        ticketId: attachment.ticketId,
        userId: actor.id,
        action: 'attachment_removed',
        fieldName: null,
        oldValue: attachment.filename,
        newValue: null,
        timestamp: now,
        isInternal: false,
      },
    ]);
    const pending: PendingEvent[] = [['attachment.removed', { attachment: current, actor }]];
    await appendToOutbox(ctx, tx, pending, now);
    return pending;
  });
  await ctx.blobs.delete(attachment.blobKey).catch(ctx.onEventError);
  emitAll(ctx, pending);
}
