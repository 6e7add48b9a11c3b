import {
  ConflictError,
  RECORDED_BREACH_AT,
  historyValue,
  type NewBusinessCalendar,
  type NewSlaPolicy,
  type RecordedSlaBreach,
  type SlaStore,
} from '@tessera/core';
import {
  calendarValues,
  policyValues,
  SLA_TARGET_COLUMNS,
  SLA_BREACH_AT_COLUMN,
  slaPendingSql,
  toCalendar,
  toPolicy,
  type CalendarRow,
  type PolicyRow,
  type SlaTargetName,
} from '@tessera/store-kysely';
import { sqliteDialect } from '../dialect.js';
import type { SqlContext } from './context.js';

/** Runs a synchronous unit of work serialized with the store's other calls; `write` in a `BEGIN IMMEDIATE` transaction. */
export interface SlaRunners {
  read<T>(fn: () => T): Promise<T>;
  write<T>(fn: () => T): Promise<T>;
}

const TARGETS = Object.keys(SLA_TARGET_COLUMNS) as SlaTargetName[];

/**
 * The SQLite {@link SlaStore}. `recordDueBreaches` runs in one immediate transaction: SQLite lets
 * one writer in at a time across processes, and the conditional UPDATE (`… AND breached = 0`)
 * flips only flags no earlier tick flipped, so each breach gets exactly one history row.
 */
export function createSqliteSlaStore(ctx: SqlContext, run: SlaRunners): SlaStore {
  const n = ctx.names;
  const calendar = (id: number) =>
    ctx.statement(`SELECT id, name, timezone, hours, holidays FROM ${n.sla_calendars} WHERE id = ?`).get(id) as CalendarRow | undefined;
  const policy = (id: number) =>
    ctx.statement(`SELECT id, name, position, match, calendar_id, pause_statuses, targets FROM ${n.sla_policies} WHERE id = ?`).get(id) as
      | PolicyRow
      | undefined;

  return {
    listCalendars: () =>
      run.read(() =>
        (ctx.statement(`SELECT id, name, timezone, hours, holidays FROM ${n.sla_calendars} ORDER BY id`).all() as CalendarRow[]).map(toCalendar),
      ),
    getCalendar: (id) => run.read(() => (calendar(id) ? toCalendar(calendar(id)!) : null)),
    insertCalendar: (c: NewBusinessCalendar) =>
      run.write(() => {
        const v = calendarValues(c);
        const row = ctx
          .statement(`INSERT INTO ${n.sla_calendars} (name, timezone, hours, holidays) VALUES (?, ?, ?, ?) RETURNING *`)
          .get(v.name, v.timezone, v.hours, v.holidays) as CalendarRow;
        return toCalendar(row);
      }),
    updateCalendar: (id, c) =>
      run.write(() => {
        const v = calendarValues(c);
        const row = ctx
          .statement(`UPDATE ${n.sla_calendars} SET name = ?, timezone = ?, hours = ?, holidays = ? WHERE id = ? RETURNING *`)
          .get(v.name, v.timezone, v.hours, v.holidays, id) as CalendarRow | undefined;
        return row ? toCalendar(row) : null;
      }),
    deleteCalendar: (id) =>
      run.write(() => {
        if (!calendar(id)) return false;
        const user = ctx.statement(`SELECT id, name FROM ${n.sla_policies} WHERE calendar_id = ? ORDER BY id LIMIT 1`).get(id) as
          | { id: number; name: string }
          | undefined;
        if (user) throw new ConflictError(`Calendar ${id} is used by SLA policy ${user.id} ("${user.name}").`);
        ctx.statement(`DELETE FROM ${n.sla_calendars} WHERE id = ?`).run(id);
        return true;
      }),
    listPolicies: () =>
      run.read(() =>
        (
          ctx
            .statement(`SELECT id, name, position, match, calendar_id, pause_statuses, targets FROM ${n.sla_policies} ORDER BY position, id`)
            .all() as PolicyRow[]
        ).map(toPolicy),
      ),
    getPolicy: (id) => run.read(() => (policy(id) ? toPolicy(policy(id)!) : null)),
    insertPolicy: (p: NewSlaPolicy) =>
      run.write(() => {
        const v = policyValues(p);
        const position =
          p.position ?? (ctx.statement(`SELECT coalesce(max(position) + 1, 0) AS p FROM ${n.sla_policies}`).get() as { p: number }).p;
        const row = ctx
          .statement(
            `INSERT INTO ${n.sla_policies} (name, position, match, calendar_id, pause_statuses, targets) VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
          )
          .get(v.name, position, v.match, v.calendar_id, v.pause_statuses, v.targets) as PolicyRow;
        return toPolicy(row);
      }),
    updatePolicy: (id, p) =>
      run.write(() => {
        const v = policyValues(p);
        const row = ctx
          .statement(
            `UPDATE ${n.sla_policies} SET name = ?, position = coalesce(?, position), match = ?, calendar_id = ?, pause_statuses = ?, targets = ?
             WHERE id = ? RETURNING *`,
          )
          .get(v.name, p.position ?? null, v.match, v.calendar_id, v.pause_statuses, v.targets, id) as PolicyRow | undefined;
        return row ? toPolicy(row) : null;
      }),
    deletePolicy: (id) => run.write(() => ctx.statement(`DELETE FROM ${n.sla_policies} WHERE id = ?`).run(id).changes > 0),

    recordDueBreaches: (now) =>
      run.write(() => {
        const recorded: RecordedSlaBreach[] = [];
        // One statement per target for every row: [ticket id, due ISO] pairs as a JSON array.
        const insert = ctx.statement(
          `INSERT INTO ${n.history} (ticket_id, user_id, action, field_name, old_value, new_value, timestamp, is_internal)
           SELECT value ->> 0, NULL, 'sla_breached', ?, NULL, value ->> 1, ?, 1 FROM json_each(?) ORDER BY key
           RETURNING id, ticket_id`,
        );
        for (const target of TARGETS) {
          const c = SLA_TARGET_COLUMNS[target];
          // Spelled as the partial index on unrecorded running clocks, so this is a range scan of it.
          const flipped = ctx
            .statement(
              `UPDATE ${n.tickets} SET ${c.breached} = 1, ${SLA_BREACH_AT_COLUMN} = ${RECORDED_BREACH_AT.getTime()} WHERE ${slaPendingSql(sqliteDialect, target)} AND ${c.due} < ? RETURNING id, ${c.due} AS due`,
            )
            .all(now.getTime()) as { id: number; due: number }[];
          if (flipped.length === 0) continue;
          const rows = insert.all(target, now.getTime(), JSON.stringify(flipped.map((r) => [r.id, historyValue(new Date(r.due))]))) as {
            id: number;
            ticket_id: number;
          }[];
          const historyByTicket = new Map(rows.map((r) => [r.ticket_id, r.id]));
          for (const { id, due } of flipped) recorded.push({ ticketId: id, target, dueAt: new Date(due), historyId: historyByTicket.get(id)! });
        }
        return recorded.sort((a, b) => a.ticketId - b.ticketId || a.historyId - b.historyId);
      }),
  };
}
