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
import { createActivityRowCodec, type AttachmentRow, type CommentRow, type HistoryRow } from './activity-rows.js';
import { NATIVE_CODEC } from './codecs.js';
import { fixedQuery, type SharedQuerySetup, type SqlRunner } from './runner.js';

/** The port's comment, attachment and history operations, run on the runner each call is given. */
export interface ActivityQueries {
  getComment(run: SqlRunner, id: number): Promise<Comment | null>;
  listComments(run: SqlRunner, filter: CommentFilter, page?: PageRequest): Promise<Page<Comment>>;
  insertComment(run: SqlRunner, comment: NewComment): Promise<Comment>;
  getAttachment(run: SqlRunner, id: number): Promise<Attachment | null>;
  listAttachments(run: SqlRunner, filter: AttachmentFilter, page?: PageRequest): Promise<Page<Attachment>>;
  insertAttachment(run: SqlRunner, attachment: NewAttachment): Promise<Attachment>;
  deleteAttachment(run: SqlRunner, id: number): Promise<void>;
  getHistoryEntry(run: SqlRunner, id: number): Promise<HistoryEntry | null>;
  listHistory(run: SqlRunner, filter: HistoryFilter, page?: PageRequest): Promise<Page<HistoryEntry>>;
  /** Inserts audit rows in one statement. */
  insertHistory(run: SqlRunner, entries: readonly NewHistoryEntry[]): Promise<void>;
}

type Role = 'comments' | 'attachments' | 'history';

const HISTORY_COLUMNS = ['ticket_id', 'user_id', 'action', 'field_name', 'old_value', 'new_value', 'timestamp', 'is_internal'] as const;

/** Builds the activity operations for one store from its dialect and table names. */
export function createActivityQueries({ dialect, builder: db, tables }: SharedQuerySetup): ActivityQueries {
  const { toComment, toAttachment, toHistory } = createActivityRowCodec(dialect.codecs);
  const time = (date: Date) => dialect.codecs.timestamp.encode(date);
  const flag = (value: boolean) => (dialect.codecs.boolean ?? NATIVE_CODEC).encode(value);
  const byId = (role: Role) => fixedQuery(db.selectFrom(tables[role]).selectAll().where('id', '=', 0).compile());
  const getSql = { comments: byId('comments'), attachments: byId('attachments'), history: byId('history') };

  async function get<R, T>(run: SqlRunner, role: Role, id: number, map: (row: R) => T): Promise<T | null> {
    const [row] = await run.rows<R>(getSql[role]([id]));
    return row ? map(row) : null;
  }

  /**
   * Oldest first under `conditions` (alias `a`). With `page`, the window and the total count come
   * from one statement (one snapshot, so the count always agrees with the rows); without, every row.
   */
  async function list<R extends { id: number | null }, T>(
    run: SqlRunner,
    role: Role,
    conditions: Expression<SqlBool>[],
    page: PageRequest | undefined,
    map: (row: R) => T,
  ): Promise<Page<T>> {
    const from = db.selectFrom(`${tables[role]} as a`);
    const base = conditions.length === 0 ? from : from.where((eb) => eb.and(conditions));
    const ordered = base.selectAll('a').orderBy('a.id');
    if (!page) {
      const rows = await run.rows<R>(ordered.compile());
      return { count: rows.length, rows: rows.map(map) };
    }
    const counted = base.select(sql<number>`count(*)`.as('page_total'));
    const window = ordered.limit(page.limit).offset(page.offset);
    const query = sql`select c.page_total, w.* from ${counted} c left join ${window} w on 1 = 1 order by w.id`.compile(db);
    const rows = await run.rows<R & { page_total: number | string }>(query);
    return { count: Number(rows[0]?.page_total ?? 0), rows: rows.filter((r) => r.id !== null).map(map) };
  }

  const conditionsOf = (filter: { ticketId?: number; customerId?: number }): Expression<SqlBool>[] => {
    const out: Expression<SqlBool>[] = [];
    if (filter.ticketId !== undefined) out.push(sql<SqlBool>`a.ticket_id = ${filter.ticketId}`);
    if (filter.customerId !== undefined) {
      out.push(sql<SqlBool>`a.ticket_id in (select id from ${sql.table(tables.tickets)} where customer_id = ${filter.customerId})`);
    }
    return out;
  };

  /** Runs an insert that references a ticket; a missing ticket becomes `NotFoundError`. */
  async function referencingTicket<R>(ticketId: number, insert: () => R[] | Promise<R[]>): Promise<R[]> {
    try {
      return await insert();
    } catch (error) {
      if (dialect.isForeignKeyViolation(error)) throw new NotFoundError('ticket', ticketId);
      throw error;
    }
  }

  // Keys in HISTORY_COLUMNS order: the one-row statement binds `Object.values` of this.
  const historyValues = (e: NewHistoryEntry) => ({
    ticket_id: e.ticketId,
    user_id: e.userId,
    action: e.action,
    field_name: e.fieldName,
    old_value: e.oldValue,
    new_value: e.newValue,
    timestamp: time(e.timestamp),
    is_internal: flag(e.isInternal),
  });
  // One history row per ticket create: the hot path gets a statement compiled once.
  const oneHistorySql = fixedQuery(
    db.insertInto(tables.history).values(Object.fromEntries(HISTORY_COLUMNS.map((k) => [k, null]))).compile(),
  );

  return {
    getComment: (run, id) => get(run, 'comments', id, toComment),
    listComments(run, filter, page) {
      const conditions = conditionsOf(filter);
      if (filter.isInternal !== undefined) conditions.push(sql<SqlBool>`a.is_internal = ${flag(filter.isInternal)}`);
      return list<CommentRow, Comment>(run, 'comments', conditions, page, toComment);
    },
    async insertComment(run, c) {
      const query = db
        .insertInto(tables.comments)
        .values({
          ticket_id: c.ticketId,
          author_id: c.authorId,
          content: c.content,
          is_internal: flag(c.isInternal),
          created_at: time(c.createdAt),
          updated_at: time(c.updatedAt),
        })
        .returningAll()
        .compile();
      const [row] = await referencingTicket(c.ticketId, () => run.rows<CommentRow>(query));
      return toComment(row!);
    },
    getAttachment: (run, id) => get(run, 'attachments', id, toAttachment),
    listAttachments: (run, filter, page) => list<AttachmentRow, Attachment>(run, 'attachments', conditionsOf(filter), page, toAttachment),
    async insertAttachment(run, a) {
      const query = db
        .insertInto(tables.attachments)
        .values({
          ticket_id: a.ticketId,
          filename: a.filename,
          file_size: a.fileSize,
          content_type: a.contentType,
          description: a.description,
          uploaded_by_id: a.uploadedById,
          uploaded_at: time(a.uploadedAt),
          blob_key: a.blobKey,
        })
        .returningAll()
        .compile();
      const [row] = await referencingTicket(a.ticketId, () => run.rows<AttachmentRow>(query));
      return toAttachment(row!);
    },
    async deleteAttachment(run, id) {
      await run.rows(db.deleteFrom(tables.attachments).where('id', '=', id).compile());
    },
    getHistoryEntry: (run, id) => get(run, 'history', id, toHistory),
    listHistory(run, filter, page) {
      const conditions = conditionsOf(filter);
      if (filter.action !== undefined) conditions.push(sql<SqlBool>`a.action = ${filter.action}`);
      if (!filter.includeInternal) conditions.push(sql<SqlBool>`a.is_internal = ${flag(false)}`);
      return list<HistoryRow, HistoryEntry>(run, 'history', conditions, page, toHistory);
    },
    async insertHistory(run, entries) {
      if (entries.length === 0) return;
      const query =
        entries.length === 1
          ? oneHistorySql(Object.values(historyValues(entries[0]!)))
          : db.insertInto(tables.history).values(entries.map(historyValues)).compile();
      await referencingTicket(entries[0]!.ticketId, () => run.rows(query));
    },
  };
}
