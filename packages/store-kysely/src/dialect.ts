import type { Expression, RawBuilder, SqlBool } from 'kysely';
import type { KindCodecs, ValueCodec } from './codecs.js';

/**
 * What a database brings to the shared Kysely store layer: only the things that really differ
 * between SQL databases. Everything else — the ticket row mapping (from core's `TICKET_FIELDS`),
 * the eleven list filters, ordering with null placement, the "can the running totals answer
 * this filter?" test, the open/overdue/priority predicates — is written once in this package.
 */
export interface StoreDialect {
  /**
   * How each field kind is stored. `timestamp` and `boolean` usually need one (epoch ms and 0/1
   * on SQLite; native `timestamptz`/`boolean` on PostgreSQL); `tags` defaults to core's `"a, b"`
   * text; kinds left out are bound as they are.
   */
  readonly codecs: KindCodecs & { readonly timestamp: ValueCodec };
  /** The timestamp codec again, for instants in conditions (`createdAfter`, `now`). */
  readonly time: ValueCodec;
  /**
   * Whether a priority filter compares the name (`priority = 'high'`) or the stored rank
   * (`priority_rank = 3`): whichever column the dialect's indexes lead with.
   */
  readonly priorityFilter: 'name' | 'rank';
  /**
   * Whether the database sorts NULL before every value ascending (SQLite). The port wants missing
   * due dates last ascending, so such dialects get an explicit `(due_date IS NULL)` sort key.
   */
  readonly nullsSortFirst: boolean;
  /**
   * "Overdue at `now`" on columns prefixed with `qualifier` (`"t."` or `""`): a due date before
   * `now` and a status outside core's `TERMINAL_STATUSES`, spelled as the dialect's partial or
   * expression index is (build both from `openStatusSql`).
   */
  overdueCondition(qualifier: string, now: Date): Expression<SqlBool>;
  /**
   * Conditions (all must hold) for search terms: each term a case-insensitive substring of ticket
   * number, subject, description or tags. A dialect whose full-text index joins the query
   * separately (SQLite FTS5) returns conditions only for the terms that index cannot serve.
   */
  searchConditions(terms: readonly string[], qualifier: string): Expression<SqlBool>[];
  /**
   * Whole milliseconds from one timestamp column to another (`to - from`), an integer SQL
   * expression; NULL when either is NULL. Column names come qualified as the caller wants them.
   */
  elapsedMs(fromColumn: string, toColumn: string): RawBuilder<number | null>;
  /**
   * JSON building for reads that bring a ticket's related rows along in one statement (see
   * `createTicketActivityQuery`). `jsonArrayAgg(object)` aggregates the rows of its FROM into one
   * JSON array text, an element per row in any order (the caller sorts), `[]` when there are none.
   */
  jsonArrayAgg(object: RawBuilder<unknown>): RawBuilder<string>;
  /** A JSON object of `[key, value]` pairs (SQLite `json_object`, PostgreSQL `json_build_object`). */
  jsonObject(pairs: readonly (readonly [string, RawBuilder<unknown>])[]): RawBuilder<unknown>;
  /**
   * A timestamp column (qualified as the caller wants) as a JSON number of whole epoch
   * milliseconds, so one decoder reads the instants of every dialect's JSON.
   */
  jsonEpochMs(column: string): RawBuilder<number>;
  /**
   * Whether `lockTicket` adds `FOR UPDATE` (PostgreSQL). A database whose write transactions hold
   * the whole database from their start (SQLite's `BEGIN IMMEDIATE`) reads the row plainly.
   */
  readonly lockForUpdate: boolean;
  /** Whether a driver error is a unique-constraint violation (a taken ticket number). */
  isUniqueViolation(error: unknown): boolean;
  /** Whether a driver error is a foreign-key violation (a row referencing a missing ticket). */
  isForeignKeyViolation(error: unknown): boolean;
}
