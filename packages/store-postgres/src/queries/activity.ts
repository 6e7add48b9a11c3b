import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { createActivityRowCodec } from '@tessera/store-kysely';
import { postgresDialect } from '../dialect.js';
import type {
  Attachment,
  AttachmentFilter,
  Comment,
  CommentFilter,
  HistoryEntry,
  HistoryFilter,
  NewAttachment,
  NewComment,
  NewHistoryEntry,
  Page,
  PageRequest,
} from '@tessera/core';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

const { toComment, toAttachment, toHistory } = createActivityRowCodec(postgresDialect.codecs);

type ActivityTable = 'ticket_comments' | 'ticket_attachments' | 'ticket_history';

/**
 * Oldest first; with `page`, the window and the total count in one statement (one snapshot, so
 * the count always agrees with the rows), without it every row.
 */
async function paged<T extends ActivityTable, R, O>(
  db: Db,
  query: SelectQueryBuilder<Database, T, O>,
  map: (row: R) => unknown,
  page: PageRequest | undefined,
) {
  const ordered = query.orderBy('id' as never, 'asc');
  if (!page) {
    const rows = (await ordered.execute()) as R[];
    return { count: rows.length, rows: rows.map(map) };
  }
  const counted = query.clearSelect().select((eb) => eb.fn.countAll<number>().as('count'));
  const window = ordered.limit(page.limit).offset(page.offset);
  const { rows } = await sql<R & { page_total: number; id: number | null }>`
    select c.count as page_total, w.* from ${counted} c left join lateral ${window} w on true order by w.id`.execute(db);
  return { count: rows[0]?.page_total ?? 0, rows: rows.filter((r) => r.id !== null).map(map) };
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
  return (await paged(db, q, toComment, page)) as Page<Comment>;
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
  return (await paged(db, q, toAttachment, page)) as Page<Attachment>;
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
  return (await paged(db, q, toHistory, page)) as Page<HistoryEntry>;
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
