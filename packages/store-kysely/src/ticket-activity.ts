import { sql, type RawBuilder } from 'kysely';
import { TICKET_FIELDS, type CustomerRecord, type People, type TicketFieldCatalogue, type TicketWithActivity, type UserRecord } from '@tessera/core';
import { createActivityRowCodec, type AttachmentRow, type CommentRow, type HistoryRow } from './activity-rows.js';
import { EPOCH_MS_CODEC, NATIVE_CODEC } from './codecs.js';
import { after, fixedQuery, type MaybePromise, type SharedQuerySetup, type SqlRunner } from './runner.js';
import { createTicketRowCodec } from './ticket-row.js';

/** Columns of each activity table, `true` for the timestamps (epoch ms in the JSON). */
const COMMENT_COLUMNS = {
  id: false, ticket_id: false, author_id: false, content: false, is_internal: false, created_at: true, updated_at: true,
} satisfies Record<keyof CommentRow, boolean>;
const ATTACHMENT_COLUMNS = {
  id: false, ticket_id: false, filename: false, file_size: false, content_type: false, description: false,
  uploaded_by_id: false, uploaded_at: true, blob_key: false,
} satisfies Record<keyof AttachmentRow, boolean>;
const HISTORY_COLUMNS = {
  id: false, ticket_id: false, user_id: false, action: false, field_name: false, old_value: false, new_value: false,
  timestamp: true, is_internal: false,
} satisfies Record<keyof HistoryRow, boolean>;

/**
 * The rows of a JSON array column, by id. Sorted here rather than by the aggregate: an ORDER BY
 * inside it costs SQLite a sorter per list, and a ticket's few rows sort in no time.
 */
function oldestFirst<R extends { id: number }>(json: unknown): R[] {
  return (JSON.parse(json as string) as R[]).sort((a, b) => a.id - b.id);
}

/** The ticket columns that refer to people, by kind, from the field catalogue. */
const REFERENCE_COLUMNS = (kind: 'user' | 'customer') =>
  Object.values(TICKET_FIELDS as TicketFieldCatalogue)
    .filter((field) => field.refersTo === kind)
    .map((field) => field.column);

/** The columns of the directory's records, as `directory.getPeople` returns them. */
const USER_COLUMNS = { id: false, name: false, email: false, role: false, customer_id: false };
const CUSTOMER_COLUMNS = { id: false, name: false, email: false };
type UserJson = { id: number; name: string; email: string; role: UserRecord['role']; customer_id: number | null };

/** The port's `getTicketWithActivity`, run on the runner each call is given. */
export type TicketActivityQuery = (
  run: SqlRunner,
  id: number,
  options: { includeInternal: boolean; people?: boolean },
) => MaybePromise<TicketWithActivity | null>;

/**
 * Builds `getTicketWithActivity` for one store: the ticket row and, as three JSON array columns,
 * its comments, attachments and history, in one statement (one snapshot, one round trip).
 */
export function createTicketActivityQuery({ dialect, builder: db, tables }: SharedQuerySetup): TicketActivityQuery {
  const tickets = createTicketRowCodec(dialect.codecs);
  // Instants arrive as epoch ms numbers and flags as the dialect's JSON of its stored form.
  const rows = createActivityRowCodec({ timestamp: EPOCH_MS_CODEC, boolean: dialect.codecs.boolean ?? NATIVE_CODEC });
  const hidden = (dialect.codecs.boolean ?? NATIVE_CODEC).encode(false);

  const jsonRows = (table: string, columns: Record<string, boolean>, where: RawBuilder<unknown>) => {
    const object = dialect.jsonObject(
      Object.entries(columns).map(([name, instant]) => [name, instant ? dialect.jsonEpochMs(`a.${name}`) : sql.ref(`a.${name}`)] as const),
    );
    return sql`(select ${dialect.jsonArrayAgg(object)} from ${sql.table(table)} as a where ${where})`;
  };
  const json = (table: string, columns: Record<string, boolean>, condition: RawBuilder<unknown> | null) =>
    jsonRows(table, columns, sql`a.ticket_id = t.id${condition ?? sql``}`);
  // The people the ticket's fields refer to, when the store holds the directory's tables.
  const referredBy = (kind: 'user' | 'customer') => sql`a.id in (${sql.join(REFERENCE_COLUMNS(kind).map((c) => sql.ref(`t.${c}`)))})`;
  const people = tables.users && tables.customers
    ? sql`, ${jsonRows(tables.users, USER_COLUMNS, referredBy('user'))} as people_users,
        ${jsonRows(tables.customers, CUSTOMER_COLUMNS, referredBy('customer'))} as people_customers`
    : null;
  const statement = (includeInternal: boolean, withPeople: boolean) => {
    const visible = includeInternal ? null : sql` and a.is_internal = ${sql.lit(hidden)}`;
    return fixedQuery(
      sql`select ${sql.join(tickets.selectColumns.map((c) => sql.ref(`t.${c}`)))},
        ${json(tables.comments, COMMENT_COLUMNS, visible)} as activity_comments,
        ${json(tables.attachments, ATTACHMENT_COLUMNS, null)} as activity_attachments,
        ${json(tables.history, HISTORY_COLUMNS, visible)} as activity_history${(withPeople && people) || sql``}
        from ${sql.table(tables.tickets)} as t where t.id = ${0}`.compile(db),
    );
  };
  // By audience (staff see internal rows), then with or without the people.
  const staff = { plain: statement(true, false), withPeople: statement(true, true) };
  const customer = { plain: statement(false, false), withPeople: statement(false, true) };
  const peopleOf = (row: Record<string, unknown>): People => ({
    users: oldestFirst<UserJson>(row.people_users).map(
      (u): UserRecord => ({ id: u.id, name: u.name, email: u.email, role: u.role, customerId: u.customer_id }),
    ),
    customers: oldestFirst<CustomerRecord>(row.people_customers).map((c) => ({ id: c.id, name: c.name, email: c.email })),
  });

  return (run, id, { includeInternal, people: askedForPeople = false }) => {
    const withPeople = askedForPeople && people !== null;
    const statements = includeInternal ? staff : customer;
    return after(run.rows<Record<string, unknown>>((withPeople ? statements.withPeople : statements.plain)([id])), ([row]) => {
      if (!row) return null;
      const found: TicketWithActivity = {
        ticket: tickets.toTicket(row),
        comments: oldestFirst<CommentRow>(row.activity_comments).map(rows.toComment),
        attachments: oldestFirst<AttachmentRow>(row.activity_attachments).map(rows.toAttachment),
        history: oldestFirst<HistoryRow>(row.activity_history).map(rows.toHistory),
      };
      if (withPeople) found.people = peopleOf(row);
      return found;
    });
  };
}
