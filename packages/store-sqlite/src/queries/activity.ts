import { sql, type Expression, type SqlBool } from 'kysely';
import { createActivityRowCodec } from '@tessera/store-kysely';
import { sqliteDialect } from '../dialect.js';
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
import type { TableNames } from '../names.js';
import type { SqlContext } from './context.js';

type Row<T> = Omit<T, 'id'> & { id: number };

const { toComment, toAttachment, toHistory } = createActivityRowCodec(sqliteDialect.codecs);

type ActivityTable = 'comments' | 'attachments' | 'history';

/** Oldest-first page of one activity table under `conditions` (alias `a`), with its count. */
function listActivity<R>(
  ctx: SqlContext,
  table: ActivityTable,
  conditions: Expression<SqlBool>[],
  page: PageRequest | undefined,
): Page<R> {
  const from = ctx.kysely.selectFrom(ctx.from(table, 'a') as unknown as 'comments as a');
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
function ofCustomer(ctx: SqlContext, customerId: number | undefined): Expression<SqlBool>[] {
  return customerId === undefined
    ? []
    : [sql<SqlBool>`a.ticket_id IN (SELECT id FROM ${sql.table(ctx.names.tickets)} WHERE customer_id = ${customerId})`];
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
  const row = ctx.statement(`SELECT * FROM ${ctx.names.comments} WHERE id = ?`).get(id) as Row<CommentsTable> | undefined;
  return row ? toComment(row) : null;
}

export function listComments(ctx: SqlContext, filter: CommentFilter, page?: PageRequest): Page<Comment> {
  const conditions = ofCustomer(ctx, filter.customerId);
  if (filter.ticketId !== undefined) conditions.push(sql<SqlBool>`a.ticket_id = ${filter.ticketId}`);
  if (filter.isInternal !== undefined) conditions.push(sql<SqlBool>`a.is_internal = ${filter.isInternal ? 1 : 0}`);
  const result = listActivity<Row<CommentsTable>>(ctx, 'comments', conditions, page);
  return { count: result.count, rows: result.rows.map(toComment) };
}

export function insertComment(ctx: SqlContext, c: NewComment): Comment {
  const row = referencingTicket(c.ticketId, () =>
    ctx
      .statement(
        `INSERT INTO ${ctx.names.comments} (ticket_id, author_id, content, is_internal, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .get(c.ticketId, c.authorId, c.content, c.isInternal ? 1 : 0, c.createdAt.getTime(), c.updatedAt.getTime()),
  ) as Row<CommentsTable>;
  return toComment(row);
}

export function getAttachment(ctx: SqlContext, id: number): Attachment | null {
  const row = ctx.statement(`SELECT * FROM ${ctx.names.attachments} WHERE id = ?`).get(id) as Row<AttachmentsTable> | undefined;
  return row ? toAttachment(row) : null;
}

export function listAttachments(ctx: SqlContext, filter: AttachmentFilter, page?: PageRequest): Page<Attachment> {
  const conditions = ofCustomer(ctx, filter.customerId);
  if (filter.ticketId !== undefined) conditions.push(sql<SqlBool>`a.ticket_id = ${filter.ticketId}`);
  const result = listActivity<Row<AttachmentsTable>>(ctx, 'attachments', conditions, page);
  return { count: result.count, rows: result.rows.map(toAttachment) };
}

export function insertAttachment(ctx: SqlContext, a: NewAttachment): Attachment {
  const row = referencingTicket(a.ticketId, () =>
    ctx
      .statement(
        `INSERT INTO ${ctx.names.attachments} (ticket_id, filename, file_size, content_type, description, uploaded_by_id, uploaded_at, blob_key) ` +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *',
      )
      .get(a.ticketId, a.filename, a.fileSize, a.contentType, a.description, a.uploadedById, a.uploadedAt.getTime(), a.blobKey),
  ) as Row<AttachmentsTable>;
  return toAttachment(row);
}

/** Deletes an attachment row; a missing id is a no-op. */
export function deleteAttachment(ctx: SqlContext, id: number): void {
  ctx.statement(`DELETE FROM ${ctx.names.attachments} WHERE id = ?`).run(id);
}

export function getHistoryEntry(ctx: SqlContext, id: number): HistoryEntry | null {
  const row = ctx.statement(`SELECT * FROM ${ctx.names.history} WHERE id = ?`).get(id) as Row<HistoryTable> | undefined;
  return row ? toHistory(row) : null;
}

export function listHistory(ctx: SqlContext, filter: HistoryFilter, page?: PageRequest): Page<HistoryEntry> {
  const conditions = ofCustomer(ctx, filter.customerId);
  if (filter.ticketId !== undefined) conditions.push(sql<SqlBool>`a.ticket_id = ${filter.ticketId}`);
  if (filter.action !== undefined) conditions.push(sql<SqlBool>`a.action = ${filter.action}`);
  if (!filter.includeInternal) conditions.push(sql<SqlBool>`a.is_internal = 0`);
  const result = listActivity<Row<HistoryTable>>(ctx, 'history', conditions, page);
  return { count: result.count, rows: result.rows.map(toHistory) };
}

const INSERT_HISTORY = (n: TableNames) =>
  `INSERT INTO ${n.history} (ticket_id, user_id, action, field_name, old_value, new_value, timestamp, is_internal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

/** Inserts audit rows (hot path: one cached statement per row). */
export function insertHistory(ctx: SqlContext, entries: readonly NewHistoryEntry[]): void {
  const insert = ctx.prepared(INSERT_HISTORY);
  for (const e of entries) {
    referencingTicket(e.ticketId, () =>
      insert.run(e.ticketId, e.userId, e.action, e.fieldName, e.oldValue, e.newValue, e.timestamp.getTime(), e.isInternal ? 1 : 0),
    );
  }
}
