import { sql } from 'kysely';
import { RECORDED_BREACH_AT, historyValue, type RecordedSlaBreach } from '@tessera/core';
import { after, fixedQuery, type MaybePromise, type SharedQuerySetup, type SqlRunner } from './runner.js';
import { SLA_BREACH_AT_COLUMN, SLA_TARGET_COLUMNS, booleanLiteral, slaPendingSql, type SlaTargetName } from './sla-sql.js';

const TARGETS = Object.keys(SLA_TARGET_COLUMNS) as SlaTargetName[];

// History rows per INSERT: 5 parameters each keeps a statement far below every driver's limit
// (SQLite 32766, PostgreSQL 65535) however many breaches one tick finds.
const HISTORY_ROWS_PER_STATEMENT = 1000;

/** The breach recording behind `tick`, run on the connection of the transaction it is given. */
export interface SlaBreachQueries {
  /**
   * Flips every due, unrecorded breach flag and writes one `sla_breached` history row per flip,
   * on `run` (the caller's transaction); with `limit`, at most that many per target, earliest due
   * first. Returns them ordered by ticket, then history id.
   */
  recordDueBreaches(run: SqlRunner, now: Date, options?: { limit?: number }): MaybePromise<RecordedSlaBreach[]>;
}

/**
 * Builds the breach recording for one store. Per target, one conditional UPDATE
 * (`… WHERE <clock running, not breached> AND due < now`, spelled as the target's partial index,
 * so it is a range scan of it) flips only flags no earlier tick or change flipped; the history
 * rows follow in the same transaction. Where write transactions do not hold the whole database
 * (`lockForUpdate`, PostgreSQL) the UPDATE takes its rows through `FOR UPDATE SKIP LOCKED`:
 * concurrent ticks split the due tickets instead of waiting or deadlocking, and a row locked by a
 * ticket change is left to that change or the next tick. The flag is re-checked under the lock,
 * so each breach is recorded exactly once.
 */
export function createSlaBreachQueries({ dialect, builder: db, tables }: SharedQuerySetup): SlaBreachQueries {
  const time = dialect.time;
  const flag = (value: boolean) => (dialect.codecs.boolean ? dialect.codecs.boolean.encode(value) : value);
  const recordedAt = time.encode(RECORDED_BREACH_AT);

  function flipDue(run: SqlRunner, target: SlaTargetName, now: Date, limit: number | undefined) {
    const c = SLA_TARGET_COLUMNS[target];
    const due = sql.raw(c.due);
    const dueNow = sql`${sql.raw(slaPendingSql(dialect, target))} AND ${due} < ${time.encode(now)}`;
    // The rows to flip: all due ones, or the `limit` earliest (a walk of the target's partial
    // index), picked once in a MATERIALIZED CTE: as an `IN (subquery)` PostgreSQL may run the
    // subquery again per row, and each run would lock and add the next `limit` rows.
    const first = limit === undefined ? sql`` : sql` ORDER BY ${due}, id LIMIT ${limit}`;
    const locking = dialect.lockForUpdate ? sql` FOR UPDATE SKIP LOCKED` : sql``;
    const picking = dialect.lockForUpdate || limit !== undefined;
    const picked = picking
      ? sql`WITH picked AS MATERIALIZED (SELECT id FROM ${sql.table(tables.tickets)} WHERE ${dueNow}${first}${locking}) `
      : sql``;
    const query = sql<{ id: number | string; due: unknown }>`
      ${picked}UPDATE ${sql.table(tables.tickets)}
      SET ${sql.raw(c.breached)} = ${sql.raw(booleanLiteral(dialect, true))}, ${sql.raw(SLA_BREACH_AT_COLUMN)} = ${recordedAt}
      WHERE ${dueNow}${picking ? sql` AND id IN (SELECT id FROM picked)` : sql``}
      RETURNING id, ${due} AS due`;
    return after(run.rows<{ id: number | string; due: unknown }>(query.compile(db)), (rows) =>
      rows.map((r) => ({ ticketId: Number(r.id), dueAt: time.decode(r.due) as Date })),
    );
  }

  // Compiling a 1000-row statement costs more than running it, so the full-size one is compiled
  // once and reused with fresh parameters; only a tick's last, shorter chunk is compiled anew.
  const compileHistoryInsert = (rows: number) =>
    fixedQuery(
      sql`INSERT INTO ${sql.table(tables.history)} (ticket_id, user_id, action, field_name, old_value, new_value, timestamp, is_internal)
          VALUES ${sql.join(Array.from({ length: rows }, () => sql`(${0}, NULL, 'sla_breached', ${''}, NULL, ${''}, ${null}, ${null})`))}
          RETURNING id, ticket_id`.compile(db),
    );
  let fullHistoryInsert: ReturnType<typeof compileHistoryInsert> | undefined;
  const historyInsert = (rows: number) =>
    rows === HISTORY_ROWS_PER_STATEMENT ? (fullHistoryInsert ??= compileHistoryInsert(rows)) : compileHistoryInsert(rows);

  function insertHistory(run: SqlRunner, target: SlaTargetName, flipped: { ticketId: number; dueAt: Date }[], now: Date) {
    const chunks: (typeof flipped)[] = [];
    for (let i = 0; i < flipped.length; i += HISTORY_ROWS_PER_STATEMENT) chunks.push(flipped.slice(i, i + HISTORY_ROWS_PER_STATEMENT));
    const ids = new Map<number, number>();
    const at = time.encode(now);
    const internal = flag(true); // SLA rows are staff-only
    const insertChunk = (chunk: typeof flipped) => {
      const parameters = chunk.flatMap((b) => [b.ticketId, target, historyValue(b.dueAt), at, internal]);
      return after(run.rows<{ id: number | string; ticket_id: number | string }>(historyInsert(chunk.length)(parameters)), (inserted) => {
        for (const r of inserted) ids.set(Number(r.ticket_id), Number(r.id));
      });
    };
    const done = chunks.reduce<MaybePromise<void>>((previous, chunk) => after(previous, () => insertChunk(chunk)), undefined);
    return after(done, () => flipped.map((b): RecordedSlaBreach => ({ ...b, target, historyId: ids.get(b.ticketId)! })));
  }

  return {
    recordDueBreaches(run, now, options) {
      const recorded: RecordedSlaBreach[] = [];
      const done = TARGETS.reduce<MaybePromise<void>>(
        (previous, target) =>
          after(previous, () =>
            after(flipDue(run, target, now, options?.limit), (flipped) =>
              flipped.length === 0 ? undefined : after(insertHistory(run, target, flipped, now), (rows) => void recorded.push(...rows)),
            ),
          ),
        undefined,
      );
      return after(done, () => recorded.sort((a, b) => a.ticketId - b.ticketId || a.historyId - b.historyId));
    },
  };
}
