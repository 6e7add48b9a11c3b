import type { Selectable } from 'kysely';
import type { BusinessCalendar, NewBusinessCalendar, NewSlaPolicy, SlaPolicy } from '@tessera/core';
import type { SlaCalendarsTable, SlaPoliciesTable } from './tables.js';

/** A calendar row as read back. */
export type CalendarRow = Selectable<SlaCalendarsTable>;

/** A policy row as read back. */
export type PolicyRow = Selectable<SlaPoliciesTable>;

const parse = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

/** Row → calendar. */
export function toCalendar(row: CalendarRow): BusinessCalendar {
  return { id: Number(row.id), name: row.name, timezone: row.timezone, hours: parse(row.hours), holidays: parse(row.holidays) };
}

/** Row → policy. */
export function toPolicy(row: PolicyRow): SlaPolicy {
  return {
    id: Number(row.id),
    name: row.name,
    position: Number(row.position),
    match: parse(row.match),
    calendarId: row.calendar_id === null ? null : Number(row.calendar_id),
    pauseStatuses: parse(row.pause_statuses),
    targets: parse(row.targets),
  };
}

/** Calendar → column values (JSON as text; PostgreSQL casts it to `jsonb`). */
export function calendarValues(c: NewBusinessCalendar) {
  return { name: c.name, timezone: c.timezone, hours: JSON.stringify(c.hours), holidays: JSON.stringify(c.holidays) };
}

/** Policy → column values except `position`. */
export function policyValues(p: NewSlaPolicy) {
  return {
    name: p.name,
    match: JSON.stringify(p.match),
    calendar_id: p.calendarId,
    pause_statuses: JSON.stringify(p.pauseStatuses),
    targets: JSON.stringify(p.targets),
  };
}
