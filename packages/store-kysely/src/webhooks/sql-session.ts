import type { Kysely, RawBuilder } from 'kysely';
import type { ValueCodec } from '../codecs.js';
import type { SqlConnection, SqlRunner } from '../runner.js';

/** The tables of the webhook and idempotency store, as names `sql.table` accepts (`schema.table` or a prefixed name). */
export interface WebhookTableNames {
  readonly outbox: string;
  readonly subscriptions: string;
  readonly attempts: string;
  readonly idempotency: string;
}

/**
 * What differs between databases for the outbox, webhook and idempotency SQL (the statements
 * themselves are written once, in this folder).
 */
export interface WebhookSqlDialect {
  /** Compiles the statements (the dialect's SQL flavour and placeholders); never executes. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- table names are the dialect's, not a static schema
  readonly builder: Kysely<any>;
  readonly tables: WebhookTableNames;
  /** How instants are stored (epoch ms on SQLite, `timestamptz` on PostgreSQL). */
  readonly time: ValueCodec;
  /** How booleans are stored (0/1 on SQLite, native on PostgreSQL). */
  readonly bool: ValueCodec;
  /**
   * Appended to the SELECT that picks rows to claim: `FOR UPDATE SKIP LOCKED` on PostgreSQL (so
   * concurrent claimers take disjoint rows without waiting); empty on SQLite, where every write
   * statement holds the database write lock and claimers are serialized anyway.
   */
  readonly skipLocked: (alias?: string) => RawBuilder<unknown> | null;
  /**
   * The outbox's claim cursor: a one-row table holding the lowest id that may be unacknowledged,
   * advanced by each claim, where claims start (there is no index of open events, so an append
   * writes the table and its primary key only). `keepNewest`: ids are plain rowids
   * (`max(id) + 1`, SQLite), so `prune` keeps the newest row (deleting it would let its id be
   * handed out again); a PostgreSQL sequence never reuses ids.
   */
  readonly outboxCursor: { readonly table: string; readonly keepNewest: boolean };
}

/** Runs `query` through `runner` (the connection or transaction the caller is on) and returns its rows. */
export async function queryRows<R>(runner: SqlRunner, d: WebhookSqlDialect, query: RawBuilder<R>): Promise<R[]> {
  return runner.rows<R>(query.compile(d.builder));
}

/** Access to the database for the shared webhook/idempotency SQL, supplied by a store adapter. */
export interface WebhookDatabase extends SqlConnection {
  readonly dialect: WebhookSqlDialect;
}

/** JSON columns: text on SQLite, `jsonb` on PostgreSQL (which the driver already parses). */
export const JSON_CODEC: ValueCodec = {
  encode: (value) => JSON.stringify(value),
  decode: (stored) => (typeof stored === 'string' ? JSON.parse(stored) : stored),
};

/** Nullable decode through a codec. */
export function decodeNullable<T>(codec: ValueCodec, stored: unknown): T | null {
  return stored === null || stored === undefined ? null : (codec.decode(stored) as T);
}

/** Nullable encode through a codec. */
export function encodeNullable(codec: ValueCodec, value: unknown): unknown {
  return value === null || value === undefined ? null : codec.encode(value);
}
