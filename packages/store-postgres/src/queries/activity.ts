import type { Kysely, SelectQueryBuilder, Selectable } from 'kysely';
import type {
  Attachment,
  AttachmentFilter,
  Comment,
  CommentFilter,
  HistoryAction,
  HistoryEntry,
  HistoryFilter,
  NewAttachment,
  NewComment,
  NewHistoryEntry,
  Page,
  PageRequest,
} from '@tessera/core';
import type { AttachmentsTable, CommentsTable, Database, HistoryTable } from '../schema.js';

type Db = Kysely<Database>;

const toComment = (r: Selectable<CommentsTable>): Comment => ({
  id: r.id,
  ticketId: r.ticket_id,
  authorId: r.author_id,
  content: r.content,
  isInternal: r.is_internal,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toAttachment = (r: Selectable<AttachmentsTable>): Attachment => ({
  id: r.id,
  ticketId: r.ticket_id,
  filename: r.filename,
  fileSize: r.file_size,
  contentType: r.content_type,
  description: r.description,
  uploadedById: r.uploaded_by_id,
  uploadedAt: r.uploaded_at,
  blobKey: r.blob_key,
});

const toHistory = (r: Selectable<HistoryTable>): HistoryEntry => ({
  id: r.id,
  ticketId: r.ticket_id,
  userId: r.user_id,
  action: r.action as HistoryAction,
  fieldName: r.field_name,
  oldValue: r.old_value,
  newValue: r.new_value,
  timestamp: r.timestamp,
  isInternal: r.is_internal,
});

type ActivityTable = 'ticket_comments' | 'ticket_attachments' | 'ticket_history';

/** Oldest first; with `page`, a count query plus one window; without, every row. */
async function paged<T extends ActivityTable, R, O>(
  query: SelectQueryBuilder<Database, T, O>,
  map: (row: R) => unknown,
  page: PageRequest | undefined,
) {
  const ordered = query.orderBy('id' as never, 'asc');
  if (!page) {
    const rows = (await ordered.execute()) as R[];
    return { count: rows.length, rows: rows.map(map) };
  }
  const [countRow, rows] = await Promise.all([
    query.clearSelect().select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    ordered.limit(page.limit).offset(page.offset).execute() as Promise<R[]>,
  ]);
  return { count: (countRow as { count: number }).count, rows: rows.map(map) };
}

function ofCustomer(db: Db, customerId: number) {
  return db.selectFrom('tickets').select('id').where('customer_id', '=', customerId);
}

export async function getComment(db: Db, id: number): Promise<Comment | null> {
  const row = await db.selectFrom('ticket_comments').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toComment(row) : null;
}

export async function listComments(db: Db, filter: CommentFilter, page?: PageRequest): Promise<Page<Comment>> {
  let q = db.selectFrom('ticket_comments').selectAll();
  if (filter.ticketId !== undefined) q = q.where('ticket_id', '=', filter.ticketId);
  if (filter.isInternal !== undefined) q = q.where('is_internal', '=', filter.isInternal);
  if (filter.customerId !== undefined) q = q.where('ticket_id', 'in', ofCustomer(db, filter.customerId));
  return (await paged(q, toComment, page)) as Page<Comment>;
}

export async function insertComment(db: Db, c: NewComment): Promise<Comment> {
  const row = await db
    .insertInto('ticket_comments')
    .values({
      ticket_id: c.ticketId,
      author_id: c.authorId,
      content: c.content,
      is_internal: c.isInternal,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toComment(row);
}

export async function getAttachment(db: Db, id: number): Promise<Attachment | null> {
  const row = await db.selectFrom('ticket_attachments').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toAttachment(row) : null;
}

export async function listAttachments(db: Db, filter: AttachmentFilter, page?: PageRequest): Promise<Page<Attachment>> {
  let q = db.selectFrom('ticket_attachments').selectAll();
  if (filter.ticketId !== undefined) q = q.where('ticket_id', '=', filter.ticketId);
  if (filter.customerId !== undefined) q = q.where('ticket_id', 'in', ofCustomer(db, filter.customerId));
  return (await paged(q, toAttachment, page)) as Page<Attachment>;
}

export async function insertAttachment(db: Db, a: NewAttachment): Promise<Attachment> {
  const row = await db
    .insertInto('ticket_attachments')
    .values({
      ticket_id: a.ticketId,
      filename: a.filename,
      file_size: a.fileSize,
      content_type: a.contentType,
      description: a.description,
      uploaded_by_id: a.uploadedById,
      uploaded_at: a.uploadedAt,
      blob_key: a.blobKey,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAttachment(row);
}

export async function deleteAttachment(db: Db, id: number): Promise<void> {
  await db.deleteFrom('ticket_attachments').where('id', '=', id).execute();
}

export async function getHistoryEntry(db: Db, id: number): Promise<HistoryEntry | null> {
  const row = await db.selectFrom('ticket_history').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toHistory(row) : null;
}

export async function listHistory(db: Db, filter: HistoryFilter, page?: PageRequest): Promise<Page<HistoryEntry>> {
  let q = db.selectFrom('ticket_history').selectAll();
  if (filter.ticketId !== undefined) q = q.where('ticket_id', '=', filter.ticketId);
  if (filter.action !== undefined) q = q.where('action', '=', filter.action);
  if (filter.customerId !== undefined) q = q.where('ticket_id', 'in', ofCustomer(db, filter.customerId));
  if (!filter.includeInternal) q = q.where('is_internal', '=', false);
  return (await paged(q, toHistory, page)) as Page<HistoryEntry>;
}

/** All rows in one multi-row INSERT. */
export async function insertHistory(db: Db, entries: readonly NewHistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('ticket_history')
    .values(
      entries.map((e) => ({
        ticket_id: e.ticketId,
        user_id: e.userId,
        action: e.action,
        field_name: e.fieldName,
        old_value: e.oldValue,
        new_value: e.newValue,
        timestamp: e.timestamp,
        is_internal: e.isInternal,
      })),
    )
    .execute();
}
