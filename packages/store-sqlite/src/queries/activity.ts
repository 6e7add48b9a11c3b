import { sql, type Expression, type SqlBool } from 'kysely';
import {
  NotFoundError,
  type Attachment,
  type AttachmentFilter,
  type Comment,
  type CommentFilter,
  type HistoryEntry,
  type HistoryFilter,
  type NewAttachment,
  type NewComment,
  type NewHistoryEntry,
  type Page,
  type PageRequest,
} from '@tessera/core';
import { isForeignKeyViolation } from '../errors.js';
import type { AttachmentsTable, CommentsTable, HistoryTable } from '../schema.js';
import type { SqlContext } from './context.js';

type Row<T> = Omit<T, 'id'> & { id: number };

function toComment(r: Row<CommentsTable>): Comment {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    authorId: r.author_id,
    content: r.content,
    isInternal: r.is_internal === 1,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

function toAttachment(r: Row<AttachmentsTable>): Attachment {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    filename: r.filename,
    fileSize: r.file_size,
    contentType: r.content_type,
    description: r.description,
    uploadedById: r.uploaded_by_id,
    uploadedAt: new Date(r.uploaded_at),
    blobKey: r.blob_key,
  };
}

function toHistory(r: Row<HistoryTable>): HistoryEntry {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    userId: r.user_id,
    action: r.action as HistoryEntry['action'],
    fieldName: r.field_name,
    oldValue: r.old_value,
    newValue: r.new_value,
    timestamp: new Date(r.timestamp),
    isInternal: r.is_internal === 1,
  };
}

type ActivityTable = 'comments' | 'attachments' | 'history';

/** Oldest-first page of one activity table under `conditions` (alias `a`), with its count. */
function listActivity<R>(
  ctx: SqlContext,
  table: ActivityTable,
  conditions: Expression<SqlBool>[],
  page: PageRequest | undefined,
): Page<R> {
  const from = ctx.kysely.selectFrom(`${table} as a` as 'comments as a');
  const base = conditions.length === 0 ? from : from.where((eb) => eb.and(conditions));
  let rowsQuery = base.selectAll('a').orderBy('a.id');
  if (page) rowsQuery = rowsQuery.limit(page.limit).offset(page.offset);
  return ctx.snapshot(() => {
    const rows = ctx.all<R>(rowsQuery.compile());
    const complete = !page || (page.offset === 0 && rows.length < page.limit);
    const count = complete
      ? rows.length
      : ctx.first<{ n: number }>(base.select(sql<number>`count(*)`.as('n')).compile())!.n;
    return { count, rows };
  });
}

/** Scope to tickets of one customer (customer actors). */
function ofCustomer(customerId: number | undefined): Expression<SqlBool>[] {
  return customerId === undefined
    ? []
    : [sql<SqlBool>`a.ticket_id IN (SELECT id FROM tickets WHERE customer_id = ${customerId})`];
}

/** Runs an insert that references a ticket; a missing ticket becomes `NotFoundError`. */
function referencingTicket<T>(ticketId: number, insert: () => T): T {
  try {
    return insert();
  } catch (error) {
    if (isForeignKeyViolation(error)) throw new NotFoundError('ticket', ticketId);
    throw error;
  }
}

export function getComment(ctx: SqlContext, id: number): Comment | null {
  const row = ctx.statement('SELECT * FROM comments WHERE id = ?').get(id) as Row<CommentsTable> | undefined;
  return row ? toComment(row) : null;
}

export function listComments(ctx: SqlContext, filter: CommentFilter, page?: PageRequest): Page<Comment> {
  const conditions = ofCustomer(filter.customerId);
  if (filter.ticketId !== undefined) conditions.push(sql<SqlBool>`a.ticket_id = ${filter.ticketId}`);
  if (filter.isInternal !== undefined) conditions.push(sql<SqlBool>`a.is_internal = ${filter.isInternal ? 1 : 0}`);
  const result = listActivity<Row<CommentsTable>>(ctx, 'comments', conditions, page);
  return { count: result.count, rows: result.rows.map(toComment) };
}

export function insertComment(ctx: SqlContext, c: NewComment): Comment {
  const row = referencingTicket(c.ticketId, () =>
    ctx
      .statement(
        'INSERT INTO comments (ticket_id, author_id, content, is_internal, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
      )
      .get(c.ticketId, c.authorId, c.content, c.isInternal ? 1 : 0, c.createdAt.getTime(), c.updatedAt.getTime()),
  ) as Row<CommentsTable>;
  return toComment(row);
}

export function getAttachment(ctx: SqlContext, id: number): Attachment | null {
  const row = ctx.statement('SELECT * FROM attachments WHERE id = ?').get(id) as Row<AttachmentsTable> | undefined;
  return row ? toAttachment(row) : null;
}

export function listAttachments(ctx: SqlContext, filter: AttachmentFilter, page?: PageRequest): Page<Attachment> {
  const conditions = ofCustomer(filter.customerId);
  if (filter.ticketId !== undefined) conditions.push(sql<SqlBool>`a.ticket_id = ${filter.ticketId}`);
  const result = listActivity<Row<AttachmentsTable>>(ctx, 'attachments', conditions, page);
  return { count: result.count, rows: result.rows.map(toAttachment) };
}

export function insertAttachment(ctx: SqlContext, a: NewAttachment): Attachment {
  const row = referencingTicket(a.ticketId, () =>
    ctx
      .statement(
        'INSERT INTO attachments (ticket_id, filename, file_size, content_type, description, uploaded_by_id, uploaded_at, blob_key) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *',
      )
      .get(a.ticketId, a.filename, a.fileSize, a.contentType, a.description, a.uploadedById, a.uploadedAt.getTime(), a.blobKey),
  ) as Row<AttachmentsTable>;
  return toAttachment(row);
}

/** Deletes an attachment row; a missing id is a no-op. */
export function deleteAttachment(ctx: SqlContext, id: number): void {
  ctx.statement('DELETE FROM attachments WHERE id = ?').run(id);
}

export function getHistoryEntry(ctx: SqlContext, id: number): HistoryEntry | null {
  const row = ctx.statement('SELECT * FROM history WHERE id = ?').get(id) as Row<HistoryTable> | undefined;
  return row ? toHistory(row) : null;
}

export function listHistory(ctx: SqlContext, filter: HistoryFilter, page?: PageRequest): Page<HistoryEntry> {
  const conditions = ofCustomer(filter.customerId);
  if (filter.ticketId !== undefined) conditions.push(sql<SqlBool>`a.ticket_id = ${filter.ticketId}`);
  if (filter.action !== undefined) conditions.push(sql<SqlBool>`a.action = ${filter.action}`);
  if (!filter.includeInternal) conditions.push(sql<SqlBool>`a.is_internal = 0`);
  const result = listActivity<Row<HistoryTable>>(ctx, 'history', conditions, page);
  return { count: result.count, rows: result.rows.map(toHistory) };
}

const INSERT_HISTORY =
  'INSERT INTO history (ticket_id, user_id, action, field_name, old_value, new_value, timestamp, is_internal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

/** Inserts audit rows (hot path: one cached statement per row). */
export function insertHistory(ctx: SqlContext, entries: readonly NewHistoryEntry[]): void {
  const insert = ctx.statement(INSERT_HISTORY);
  for (const e of entries) {
    referencingTicket(e.ticketId, () =>
      insert.run(e.ticketId, e.userId, e.action, e.fieldName, e.oldValue, e.newValue, e.timestamp.getTime(), e.isInternal ? 1 : 0),
    );
  }
}
