import { sql, type RawBuilder } from 'kysely';
import type { TicketWithActivity } from '@tessera/core';
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

/** The port's `getTicketWithActivity`, run on the runner each call is given. */
export type TicketActivityQuery = (run: SqlRunner, id: number, options: { includeInternal: boolean }) => MaybePromise<TicketWithActivity | null>;

/**
 * Builds `getTicketWithActivity` for one store: the ticket row and, as three JSON array columns,
 * its comments, attachments and history, in one statement (one snapshot, one round trip).
 */
export function createTicketActivityQuery({ dialect, builder: db, tables }: SharedQuerySetup): TicketActivityQuery {
  const tickets = createTicketRowCodec(dialect.codecs);
  // Instants arrive as epoch ms numbers and flags as the dialect's JSON of its stored form.
  const rows = createActivityRowCodec({ timestamp: EPOCH_MS_CODEC, boolean: dialect.codecs.boolean ?? NATIVE_CODEC });
  const hidden = (dialect.codecs.boolean ?? NATIVE_CODEC).encode(false);

  const json = (table: string, columns: Record<string, boolean>, condition: RawBuilder<unknown> | null) => {
    const object = dialect.jsonObject(
      Object.entries(columns).map(([name, instant]) => [name, instant ? dialect.jsonEpochMs(`a.${name}`) : sql.ref(`a.${name}`)] as const),
    );
    return sql`(select ${dialect.jsonArrayAgg(object)} from ${sql.table(table)} as a where a.ticket_id = t.id${condition ?? sql``})`;
  };
  const statement = (includeInternal: boolean) => {
    const visible = includeInternal ? null : sql` and a.is_internal = ${sql.lit(hidden)}`;
    return fixedQuery(
      sql`select ${sql.join(tickets.selectColumns.map((c) => sql.ref(`t.${c}`)))},
        ${json(tables.comments, COMMENT_COLUMNS, visible)} as activity_comments,
        ${json(tables.attachments, ATTACHMENT_COLUMNS, null)} as activity_attachments,
        ${json(tables.history, HISTORY_COLUMNS, visible)} as activity_history
        from ${sql.table(tables.tickets)} as t where t.id = ${0}`.compile(db),
    );
  };
  const withInternal = statement(true);
  const withoutInternal = statement(false);

  return (run, id, { includeInternal }) =>
    after(run.rows<Record<string, unknown>>((includeInternal ? withInternal : withoutInternal)([id])), ([row]) => {
      if (!row) return null;
      return {
        ticket: tickets.toTicket(row),
        comments: oldestFirst<CommentRow>(row.activity_comments).map(rows.toComment),
        attachments: oldestFirst<AttachmentRow>(row.activity_attachments).map(rows.toAttachment),
        history: oldestFirst<HistoryRow>(row.activity_history).map(rows.toHistory),
      };
    });
}
