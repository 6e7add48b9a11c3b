import { sql, type CompiledQuery, type RawBuilder } from 'kysely';
import type { NewOutboxEvent, OutboxClaim, OutboxEvent, OutboxReader, OutboxWriter } from '@tessera/core';
import { after, fixedQuery, type MaybePromise, type SqlRunner } from '../runner.js';
import { decodeNullable, JSON_CODEC, queryRows, type WebhookDatabase, type WebhookSqlDialect } from './sql-session.js';

interface OutboxRow {
  id: number | string;
  type: string;
  occurred_at: unknown;
  data: unknown;
  internal: unknown;
  subscription_id: number | string | null;
}

const COLUMNS = sql`id, type, occurred_at, data, internal, subscription_id`;

function toEvent(d: WebhookSqlDialect, row: OutboxRow): OutboxEvent {
  return {
    id: Number(row.id),
    type: row.type,
    occurredAt: d.time.decode(row.occurred_at) as Date,
    data: JSON_CODEC.decode(row.data),
    internal: d.bool.decode(row.internal) as boolean,
    subscriptionId: decodeNullable<number>({ encode: Number, decode: Number }, row.subscription_id),
  };
}

/** An event's five column values, in the order of {@link insertStatement}'s columns. */
const valuesOf = (d: WebhookSqlDialect, e: NewOutboxEvent): unknown[] => [
  e.type,
  d.time.encode(e.occurredAt),
  JSON_CODEC.encode(e.data),
  d.bool.encode(e.internal),
  e.subscriptionId,
];

function insertStatement(d: WebhookSqlDialect, events: readonly NewOutboxEvent[]) {
  const values = events.map((e) => sql`(${sql.join(valuesOf(d, e))})`);
  return sql`INSERT INTO ${sql.table(d.tables.outbox)} (type, occurred_at, data, internal, subscription_id) VALUES ${sql.join(values)}`;
}

// Most changes append one event: its INSERT is compiled once per builder and outbox table and run
// with fresh values (a create's outbox write then costs the row, not a query build).
const oneRowInserts = new WeakMap<object, Map<string, (parameters: readonly unknown[]) => CompiledQuery>>();

function insertOne(d: WebhookSqlDialect, e: NewOutboxEvent): CompiledQuery {
  let byTable = oneRowInserts.get(d.builder);
  if (!byTable) oneRowInserts.set(d.builder, (byTable = new Map()));
  let fixed = byTable.get(d.tables.outbox);
  if (!fixed) byTable.set(d.tables.outbox, (fixed = fixedQuery(insertStatement(d, [e]).compile(d.builder))));
  return fixed(valuesOf(d, e));
}

// Rows per INSERT: 5 parameters each keeps a statement far below every driver's limit (SQLite
// 32766, PostgreSQL 65535), however many breaches one SLA tick appends.
const ROWS_PER_INSERT = 1000;

/**
 * Inserts outbox rows through `runner`, inside the caller's transaction (multi-row INSERTs of up to
 * 1000 rows, in order; `data` is stored as its JSON text; the statements' rows are not read, so a
 * store may queue them). Ids follow commit order by the database's own means: SQLite has one
 * writer; the PostgreSQL table has a statement-level trigger taking a transaction-scoped advisory
 * lock before any id is drawn, held to commit — and the PostgreSQL store sends these INSERTs in the
 * same message as the COMMIT, so that lock is held only while the server finishes the transaction.
 */
export function insertOutboxEvents(runner: SqlRunner, d: WebhookSqlDialect, events: readonly NewOutboxEvent[]): MaybePromise<void> {
  if (events.length === 1) return after(runner.rows(insertOne(d, events[0]!)), () => undefined);
  return insertInChunks(runner, d, events);
}

async function insertInChunks(runner: SqlRunner, d: WebhookSqlDialect, events: readonly NewOutboxEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += ROWS_PER_INSERT) {
    await queryRows(runner, d, insertStatement(d, events.slice(i, i + ROWS_PER_INSERT)));
  }
}

/**
 * Moves the claim cursor (see `WebhookSqlDialect.outboxCursor`) over the acknowledged events
 * at its start: to the first unacknowledged id, or just past the newest row when every event is
 * acknowledged (the next append gets that id). It walks the primary key from where it was, so each
 * acknowledged event is passed about once; an event still leased stops it, so a lease that lapses
 * (its consumer died) finds its events claimable again. Forward only, and no write when it stays.
 */
function advanceCursor(outbox: RawBuilder<unknown>, cursor: RawBuilder<unknown>) {
  return sql`
    UPDATE ${cursor} SET open_from = next.id
    FROM (SELECT coalesce(
            (SELECT id FROM ${outbox} WHERE id >= (SELECT open_from FROM ${cursor}) AND acked_at IS NULL ORDER BY id LIMIT 1),
            (SELECT max(id) + 1 FROM ${outbox})) AS id) AS next
    WHERE next.id > open_from`;
}

/**
 * The outbox over SQL. A claim is one transaction (SQLite `BEGIN IMMEDIATE`): advance the cursor
 * over acknowledged events, then `UPDATE … SET lease WHERE id IN (SELECT id … id >= cursor,
 * unacknowledged, lease absent or expired ORDER BY id LIMIT n [FOR UPDATE SKIP LOCKED])
 * RETURNING …`, walking the primary key from the cursor. On PostgreSQL concurrent claimers take
 * disjoint rows without waiting, except on the cursor row when both move it (a short wait; each
 * move is forward only and re-checked under the row lock).
 */
export function createSqlOutbox(db: WebhookDatabase): OutboxReader & OutboxWriter {
  const d = db.dialect;
  const t = sql.table(d.tables.outbox);
  return {
    async append(events) {
      if (events.length === 0) return [];
      const rows = await db.run((s) => queryRows<OutboxRow>(s, d, sql`${insertStatement(d, events)} RETURNING ${COLUMNS}`));
      return rows.map((row) => toEvent(d, row)).sort((a, b) => a.id - b.id);
    },

    async claim({ limit, leaseMs, now }): Promise<OutboxClaim> {
      const token = globalThis.crypto.randomUUID();
      const nowAt = d.time.encode(now);
      const until = d.time.encode(new Date(now.getTime() + leaseMs));
      const lease = (from: RawBuilder<unknown>) => sql<OutboxRow>`
          UPDATE ${t} SET lease_token = ${token}, lease_expires_at = ${until}
          WHERE id IN (SELECT id FROM ${t} WHERE ${from} acked_at IS NULL AND (lease_expires_at IS NULL OR lease_expires_at <= ${nowAt})
                       ORDER BY id LIMIT ${limit} ${d.skipLocked() ?? sql``})
          RETURNING ${COLUMNS}`;
      const cursor = sql.table(d.outboxCursor.table);
      const rows = await db.transaction(async (s) => {
        await queryRows(s, d, advanceCursor(t, cursor));
        return queryRows(s, d, lease(sql`id >= (SELECT open_from FROM ${cursor}) AND`));
      });
      return { token, events: rows.map((row) => toEvent(d, row)).sort((a, b) => a.id - b.id) };
    },

    async ack(token, ids, now) {
      if (ids.length === 0) return 0;
      const rows = await db.run((s) =>
        queryRows(s, d, sql`
          UPDATE ${t} SET acked_at = ${d.time.encode(now)}, lease_token = NULL, lease_expires_at = NULL
          WHERE id IN (${sql.join([...ids])}) AND lease_token = ${token} AND acked_at IS NULL RETURNING id`),
      );
      return rows.length;
    },

    async get(ids) {
      if (ids.length === 0) return [];
      const rows = await db.run((s) => queryRows<OutboxRow>(s, d, sql`SELECT ${COLUMNS} FROM ${t} WHERE id IN (${sql.join([...ids])}) ORDER BY id`));
      return rows.map((row) => toEvent(d, row));
    },

    async prune(before) {
      // With rowid ids, deleting the newest row would hand its id out again: it stays.
      const rows = await db.run((s) =>
        queryRows(s, d, sql`
          DELETE FROM ${t} WHERE acked_at IS NOT NULL AND acked_at < ${d.time.encode(before)}
            ${d.outboxCursor.keepNewest ? sql`AND id < (SELECT max(id) FROM ${t})` : sql``}
            AND NOT EXISTS (SELECT 1 FROM ${sql.table(d.tables.attempts)} a WHERE a.event_id = ${t}.id AND a.outcome = 'pending')
          RETURNING id`),
      );
      return rows.length;
    },
  };
}
