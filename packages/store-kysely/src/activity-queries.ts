import { sql, type CompiledQuery, type Expression, type SqlBool } from 'kysely';
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
import { after, fixedQuery, mapErrors, type MaybePromise, type SharedQuerySetup, type SqlRunner } from './runner.js';

/** The port's comment, attachment and history operations, run on the runner each call is given. */
export interface ActivityQueries {
  getComment(run: SqlRunner, id: number): MaybePromise<Comment | null>;
  listComments(run: SqlRunner, filter: CommentFilter, page?: PageRequest): MaybePromise<Page<Comment>>;
  insertComment(run: SqlRunner, comment: NewComment): MaybePromise<Comment>;
  getAttachment(run: SqlRunner, id: number): MaybePromise<Attachment | null>;
  listAttachments(run: SqlRunner, filter: AttachmentFilter, page?: PageRequest): MaybePromise<Page<Attachment>>;
  insertAttachment(run: SqlRunner, attachment: NewAttachment): MaybePromise<Attachment>;
  deleteAttachment(run: SqlRunner, id: number): MaybePromise<void>;
  getHistoryEntry(run: SqlRunner, id: number): MaybePromise<HistoryEntry | null>;
  listHistory(run: SqlRunner, filter: HistoryFilter, page?: PageRequest): MaybePromise<Page<HistoryEntry>>;
  /** Inserts audit rows in one statement. */
  insertHistory(run: SqlRunner, entries: readonly NewHistoryEntry[]): MaybePromise<void>;
}

type Role = 'comments' | 'attachments' | 'history';

/** Parameter values of an activity list, by slot. */
type Slots = Partial<Record<'ticketId' | 'customerId' | 'isInternal' | 'action' | 'limit' | 'offset', unknown>>;

/** Stands for a parameter while a list statement is compiled (see `compileList`). */
class Slot {
  constructor(readonly slot: keyof Slots) {}
}

/** One filter condition: its slot, the call's value, and its SQL over a parameter. */
interface Condition {
  slot: keyof Slots;
  value: unknown;
  sql(parameter: unknown): Expression<SqlBool>;
}

const HISTORY_COLUMNS = ['ticket_id', 'user_id', 'action', 'field_name', 'old_value', 'new_value', 'timestamp', 'is_internal'] as const;

/** Builds the activity operations for one store from its dialect and table names. */
export function createActivityQueries({ dialect, builder: db, tables }: SharedQuerySetup): ActivityQueries {
  const { toComment, toAttachment, toHistory } = createActivityRowCodec(dialect.codecs);
  const time = (date: Date) => dialect.codecs.timestamp.encode(date);
  const flag = (value: boolean) => (dialect.codecs.boolean ?? NATIVE_CODEC).encode(value);
  const byId = (role: Role) => fixedQuery(db.selectFrom(tables[role]).selectAll().where('id', '=', 0).compile());
  const getSql = { comments: byId('comments'), attachments: byId('attachments'), history: byId('history') };

  function get<R, T>(run: SqlRunner, role: Role, id: number, map: (row: R) => T): MaybePromise<T | null> {
    return after(run.rows<R>(getSql[role]([id])), ([row]) => (row ? map(row) : null));
  }

  // List statements are compiled once per shape (table, filters present, paged or not) with a
  // placeholder object per parameter, then re-run with the call's values in those places:
  // compiling a Kysely query costs more than running one of these small reads.
  const shapes = new Map<string, { query: CompiledQuery; slots: (keyof Slots)[] }>();

  /**
   * Oldest first under the filter's `conditions` (alias `a`). With `page`, the window and the total
   * count come from one statement (one snapshot, so the count always agrees with the rows);
   * without, every row.
   */
  function list<R extends { id: number | null }, T>(
    run: SqlRunner,
    role: Role,
    conditions: readonly Condition[],
    page: PageRequest | undefined,
    map: (row: R) => T,
  ): MaybePromise<Page<T>> {
    const key = `${role}:${conditions.map((c) => c.slot).join(',')}:${page ? 'page' : 'all'}`;
    let shape = shapes.get(key);
    if (!shape) {
      shape = compileList(role, conditions, page !== undefined);
      shapes.set(key, shape);
    }
    const values: Slots = { limit: page?.limit, offset: page?.offset };
    for (const c of conditions) values[c.slot] = c.value;
    const query = { ...shape.query, parameters: shape.slots.map((slot) => values[slot]) };
    if (!page) return after(run.rows<R>(query), (rows) => ({ count: rows.length, rows: rows.map(map) }));
    return after(run.rows<R & { page_total: number | string }>(query), (rows) => ({
      count: Number(rows[0]?.page_total ?? 0),
      rows: rows.filter((r) => r.id !== null).map(map),
    }));
  }

  function compileList(role: Role, conditions: readonly Condition[], paged: boolean) {
    const param = (slot: keyof Slots) => new Slot(slot) as unknown as number;
    const from = db.selectFrom(`${tables[role]} as a`);
    const where = conditions.map((c) => c.sql(param(c.slot)));
    const base = where.length === 0 ? from : from.where((eb) => eb.and(where));
    const ordered = base.selectAll('a').orderBy('a.id');
    let query: CompiledQuery;
    if (!paged) {
      query = ordered.compile();
    } else {
      const counted = base.select(sql<number>`count(*)`.as('page_total'));
      const window = ordered.limit(param('limit')).offset(param('offset'));
      query = sql`select c.page_total, w.* from ${counted} c left join ${window} w on 1 = 1 order by w.id`.compile(db);
    }
    const slots = query.parameters.map((p) => {
      if (!(p instanceof Slot)) throw new Error('activity list: a parameter without a slot');
      return p.slot;
    });
    return { query, slots };
  }

  const conditionsOf = (filter: { ticketId?: number; customerId?: number }): Condition[] => {
    const out: Condition[] = [];
    if (filter.ticketId !== undefined) out.push({ slot: 'ticketId', value: filter.ticketId, sql: (v) => sql<SqlBool>`a.ticket_id = ${v}` });
    if (filter.customerId !== undefined) {
      out.push({
        slot: 'customerId',
        value: filter.customerId,
        sql: (v) => sql<SqlBool>`a.ticket_id in (select id from ${sql.table(tables.tickets)} where customer_id = ${v})`,
      });
    }
    return out;
  };

  /** Runs an insert that references a ticket; a missing ticket becomes `NotFoundError`. */
  function referencingTicket<R>(ticketId: number, insert: () => MaybePromise<R[]>): MaybePromise<R[]> {
    return mapErrors(insert, (error) => {
      if (dialect.isForeignKeyViolation(error)) throw new NotFoundError('ticket', ticketId);
      throw error;
    });
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
      if (filter.isInternal !== undefined) {
        conditions.push({ slot: 'isInternal', value: flag(filter.isInternal), sql: (v) => sql<SqlBool>`a.is_internal = ${v}` });
      }
      return list<CommentRow, Comment>(run, 'comments', conditions, page, toComment);
    },
    insertComment(run, c) {
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
      return after(referencingTicket(c.ticketId, () => run.rows<CommentRow>(query)), ([row]) => toComment(row!));
    },
    getAttachment: (run, id) => get(run, 'attachments', id, toAttachment),
    listAttachments: (run, filter, page) => list<AttachmentRow, Attachment>(run, 'attachments', conditionsOf(filter), page, toAttachment),
    insertAttachment(run, a) {
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
      return after(referencingTicket(a.ticketId, () => run.rows<AttachmentRow>(query)), ([row]) => toAttachment(row!));
    },
    deleteAttachment(run, id) {
      return after(run.rows(db.deleteFrom(tables.attachments).where('id', '=', id).compile()), () => undefined);
    },
    getHistoryEntry: (run, id) => get(run, 'history', id, toHistory),
    listHistory(run, filter, page) {
      const conditions = conditionsOf(filter);
      if (filter.action !== undefined) conditions.push({ slot: 'action', value: filter.action, sql: (v) => sql<SqlBool>`a.action = ${v}` });
      if (!filter.includeInternal) conditions.push({ slot: 'isInternal', value: flag(false), sql: (v) => sql<SqlBool>`a.is_internal = ${v}` });
      return list<HistoryRow, HistoryEntry>(run, 'history', conditions, page, toHistory);
    },
    insertHistory(run, entries) {
      if (entries.length === 0) return undefined;
      const query =
        entries.length === 1
          ? oneHistorySql(Object.values(historyValues(entries[0]!)))
          : db.insertInto(tables.history).values(entries.map(historyValues)).compile();
      return after(referencingTicket(entries[0]!.ticketId, () => run.rows(query)), () => undefined);
    },
  };
}
