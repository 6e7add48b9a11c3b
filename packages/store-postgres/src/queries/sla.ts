import { sql, type Kysely } from 'kysely';
import { ConflictError, RECORDED_BREACH_AT, historyValue, type RecordedSlaBreach, type SlaStore } from '@tessera/core';
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
import { postgresDialect } from '../dialect.js';
import type { Database } from '../schema.js';

const TARGETS = Object.keys(SLA_TARGET_COLUMNS) as SlaTargetName[];
const CALENDAR_COLUMNS = ['id', 'name', 'timezone', 'hours', 'holidays'] as const;
const POLICY_COLUMNS = ['id', 'name', 'position', 'match', 'calendar_id', 'pause_statuses', 'targets'] as const;
const json = (text: string) => sql`${text}::jsonb`;

/**
 * The PostgreSQL {@link SlaStore}. `recordDueBreaches` flips breach flags with one conditional
 * UPDATE per target over rows it locks with `FOR UPDATE SKIP LOCKED` (ticks running at the same
 * moment split the due tickets between them instead of waiting or deadlocking; a row locked by a
 * ticket change is left to that change or the next tick) and writes the history rows in the same
 * transaction. The flag is re-checked under the lock, so each breach is recorded exactly once.
 */
export function createPgSlaStore(
  schema: string,
  db: Kysely<Database>,
  run: <T>(fn: () => Promise<T>) => Promise<T>,
  transaction: <T>(fn: (trx: Kysely<Database>) => Promise<T>) => Promise<T>,
): SlaStore {
  // Raw statements name tables with their schema (`withSchema` only rewrites built queries).
  const table = (name: keyof Database) => sql.table(`${schema}.${name}`);
  return {
    listCalendars: () =>
      run(async () => (await db.selectFrom('sla_calendars').select(CALENDAR_COLUMNS).orderBy('id').execute()).map((r) => toCalendar(r as CalendarRow))),
    getCalendar: (id) =>
      run(async () => {
        const row = await db.selectFrom('sla_calendars').select(CALENDAR_COLUMNS).where('id', '=', id).executeTakeFirst();
        return row ? toCalendar(row as CalendarRow) : null;
      }),
    insertCalendar: (c) =>
      run(async () => {
        const v = calendarValues(c);
        const row = await db
          .insertInto('sla_calendars')
          .values({ name: v.name, timezone: v.timezone, hours: json(v.hours), holidays: json(v.holidays) })
          .returning(CALENDAR_COLUMNS)
          .executeTakeFirstOrThrow();
        return toCalendar(row as CalendarRow);
      }),
    updateCalendar: (id, c) =>
      run(async () => {
        const v = calendarValues(c);
        const row = await db
          .updateTable('sla_calendars')
          .set({ name: v.name, timezone: v.timezone, hours: json(v.hours), holidays: json(v.holidays) })
          .where('id', '=', id)
          .returning(CALENDAR_COLUMNS)
          .executeTakeFirst();
        return row ? toCalendar(row as CalendarRow) : null;
      }),
    deleteCalendar: (id) =>
      transaction(async (trx) => {
        const found = await trx.selectFrom('sla_calendars').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
        if (!found) return false;
        const user = await trx.selectFrom('sla_policies').select(['id', 'name']).where('calendar_id', '=', id).orderBy('id').executeTakeFirst();
        if (user) throw new ConflictError(`Calendar ${id} is used by SLA policy ${user.id} ("${user.name}").`);
        await trx.deleteFrom('sla_calendars').where('id', '=', id).execute();
        return true;
      }),
    listPolicies: () =>
      run(async () =>
        (await db.selectFrom('sla_policies').select(POLICY_COLUMNS).orderBy('position').orderBy('id').execute()).map((r) => toPolicy(r as PolicyRow)),
      ),
    getPolicy: (id) =>
      run(async () => {
        const row = await db.selectFrom('sla_policies').select(POLICY_COLUMNS).where('id', '=', id).executeTakeFirst();
        return row ? toPolicy(row as PolicyRow) : null;
      }),
    insertPolicy: (p) =>
      transaction(async (trx) => {
        const v = policyValues(p);
        let position = p.position;
        if (position === undefined) {
          // Serializes "put it last" between concurrent creators.
          await sql`lock table ${table('sla_policies')} in share row exclusive mode`.execute(trx);
          const r = await trx.selectFrom('sla_policies').select(sql<number>`coalesce(max(position) + 1, 0)`.as('p')).executeTakeFirstOrThrow();
          position = Number(r.p);
        }
        const row = await trx
          .insertInto('sla_policies')
          .values({
            name: v.name,
            position,
            match: json(v.match),
            calendar_id: v.calendar_id,
            pause_statuses: json(v.pause_statuses),
            targets: json(v.targets),
          })
          .returning(POLICY_COLUMNS)
          .executeTakeFirstOrThrow();
        return toPolicy(row as PolicyRow);
      }),
    updatePolicy: (id, p) =>
      run(async () => {
        const v = policyValues(p);
        const row = await db
          .updateTable('sla_policies')
          .set({
            name: v.name,
            ...(p.position !== undefined && { position: p.position }),
            match: json(v.match),
            calendar_id: v.calendar_id,
            pause_statuses: json(v.pause_statuses),
            targets: json(v.targets),
          })
          .where('id', '=', id)
          .returning(POLICY_COLUMNS)
          .executeTakeFirst();
        return row ? toPolicy(row as PolicyRow) : null;
      }),
    deletePolicy: (id) =>
      run(async () => Number((await db.deleteFrom('sla_policies').where('id', '=', id).executeTakeFirst()).numDeletedRows) > 0),

    recordDueBreaches: (now) =>
      transaction(async (trx) => {
        const recorded: RecordedSlaBreach[] = [];
        for (const target of TARGETS) {
          const c = SLA_TARGET_COLUMNS[target];
          const pending = sql.raw(slaPendingSql(postgresDialect, target));
          const due = sql.raw(c.due);
          const { rows: flipped } = await sql<{ id: number; due: Date }>`
            update ${table('tickets')} set ${sql.raw(c.breached)} = true, ${sql.raw(SLA_BREACH_AT_COLUMN)} = ${RECORDED_BREACH_AT}
            where id in (
              select id from ${table('tickets')} where ${pending} and ${due} < ${now} for update skip locked
            ) and ${pending} and ${due} < ${now}
            returning id, ${due} as due`.execute(trx);
          if (flipped.length === 0) continue;
          const values = flipped.map((r) => historyValue(r.due));
          const { rows: ids } = await sql<{ id: number; ticket_id: number }>`
            insert into ${table('ticket_history')} (ticket_id, user_id, action, field_name, old_value, new_value, timestamp, is_internal)
            select t.ticket_id, null, 'sla_breached', ${target}, null, t.due, ${now}, true
            from unnest(${flipped.map((r) => r.id)}::bigint[], ${values}::text[]) as t(ticket_id, due)
            returning id, ticket_id`.execute(trx);
          const historyByTicket = new Map(ids.map((r) => [Number(r.ticket_id), Number(r.id)]));
          for (const r of flipped) {
            recorded.push({ ticketId: Number(r.id), target, dueAt: r.due, historyId: historyByTicket.get(Number(r.id))! });
          }
        }
        return recorded.sort((a, b) => a.ticketId - b.ticketId || a.historyId - b.historyId);
      }),
  };
}
