import { z } from 'zod';
import { addIssue, parseSla } from './validation.js';
import { isKnownTimeZone } from './zone-offsets.js';

/** Days of the week as calendar keys, Monday first. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A local opening interval `[start, end)`, `"HH:MM"` each; `"24:00"` is allowed as an end. */
export type LocalInterval = readonly [start: string, end: string];

/**
 * Business hours in one IANA time zone. Time inside the intervals of a local day counts as business
 * time, except on holidays. Intervals are local wall-clock times, so DST follows the zone: a local
 * hour that does not exist that day counts nothing, a repeated one counts twice (as it really elapses).
 */
export interface BusinessCalendar {
  id: number;
  name: string;
  /** IANA zone name, e.g. `Europe/Berlin`. */
  timezone: string;
  /** Opening intervals per weekday, sorted and non-overlapping; an empty list means closed all day. */
  hours: Record<Weekday, LocalInterval[]>;
  /** Local dates (`YYYY-MM-DD`) that are closed all day, sorted, without duplicates. */
  holidays: string[];
}

/** Calendar fields a host writes (`id` is assigned by the store). */
export type BusinessCalendarInput = z.input<typeof businessCalendarInputSchema>;

const HH_MM = /^(\d{2}):(\d{2})$/u;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;

/** Minutes after local midnight of `"HH:MM"` (`"24:00"` → 1440), or null when malformed or out of range. */
export function parseLocalTime(value: string): number | null {
  const m = HH_MM.exec(value);
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return null;
  return hours * 60 + minutes;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date, or null when it is not a real date. */
export function parseLocalDate(value: string): number | null {
  const m = DATE.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return ms / 86_400_000;
}

const timeMessage = 'Enter a time as "HH:MM" between "00:00" and "24:00".';

/** Validates one day's intervals; reports under the day's key, returns them sorted. */
function checkDay(day: string, value: unknown, ctx: z.RefinementCtx): LocalInterval[] {
  const path = [day];
  if (!Array.isArray(value)) {
    addIssue(ctx, path, 'invalid_type', 'Expected a list of ["HH:MM", "HH:MM"] intervals.');
    return [];
  }
  const parsed: { start: number; end: number; interval: LocalInterval; index: number }[] = [];
  value.forEach((item: unknown, index) => {
    if (!Array.isArray(item) || item.length !== 2 || typeof item[0] !== 'string' || typeof item[1] !== 'string') {
      addIssue(ctx, path, 'invalid_type', 'Expected an interval ["HH:MM", "HH:MM"].', { index });
      return;
    }
    const [a, b] = item as [string, string];
    const start = parseLocalTime(a);
    const end = parseLocalTime(b);
    let ok = true;
    for (const [text, minutes] of [
      [a, start],
      [b, end],
    ] as const) {
      if (minutes === null) {
        addIssue(ctx, path, 'invalid_time', `"${text}" is not a valid time. ${timeMessage}`, { index, value: text });
        ok = false;
      }
    }
    if (!ok) return;
    if (start === 1440) {
      addIssue(ctx, path, 'invalid_time', '"24:00" can only end an interval.', { index, value: a });
      return;
    }
    if (end! <= start!) {
      addIssue(ctx, path, 'interval_order', `Interval ${a}–${b} must end after it starts.`, { index, start: a, end: b });
      return;
    }
    parsed.push({ start: start!, end: end!, interval: [a, b], index });
  });
  parsed.sort((x, y) => x.start - y.start);
  for (let i = 1; i < parsed.length; i++) {
    const prev = parsed[i - 1]!;
    const cur = parsed[i]!;
    if (cur.start < prev.end) {
      addIssue(
        ctx,
        path,
        'interval_overlap',
        `Intervals ${prev.interval[0]}–${prev.interval[1]} and ${cur.interval[0]}–${cur.interval[1]} overlap.`,
        { index: cur.index, other: prev.index },
      );
    }
  }
  return parsed.map((p) => p.interval);
}

const hoursSchema = z
  .record(z.string(), z.unknown(), { error: 'Expected an object mapping mon…sun to lists of ["HH:MM", "HH:MM"] intervals.' })
  .transform((raw, ctx) => {
  const hours = {} as Record<Weekday, LocalInterval[]>;
  for (const key of Object.keys(raw)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) {
      addIssue(ctx, [key], 'unknown_day', `"${key}" is not a day; use ${WEEKDAYS.join(', ')}.`, { value: key });
    }
  }
  for (const day of WEEKDAYS) hours[day] = raw[day] === undefined ? [] : checkDay(day, raw[day], ctx);
  return hours;
});

const holidaysSchema = z.array(z.string()).transform((dates, ctx) => {
  const days = new Set<string>();
  dates.forEach((date, index) => {
    if (parseLocalDate(date) === null) {
      addIssue(ctx, [], 'invalid_date', `"${date}" is not a valid date. Use YYYY-MM-DD.`, { index, value: date });
    } else days.add(date);
  });
  return [...days].sort();
});

/**
 * Input of a calendar write. `hours` may omit days (closed); unknown top-level keys are ignored,
 * unknown day names are refused. Issues are reported nested per key (e.g. `hours.mon`).
 */
export const businessCalendarInputSchema = z.object({
  name: z.string().trim().min(1, 'This field may not be blank.').max(100),
  timezone: z.string().superRefine((zone, ctx) => {
    if (/^[+-]/u.test(zone) || !isKnownTimeZone(zone)) {
      addIssue(ctx, [], 'unknown_time_zone', `"${zone}" is not a known IANA time zone.`, { value: zone });
    }
  }),
  hours: hoursSchema,
  holidays: holidaysSchema.default([]),
});

/** Validates calendar input (throws `SlaValidationError` with nested, coded issues). */
export function parseBusinessCalendarInput(input: unknown): z.output<typeof businessCalendarInputSchema> {
  return parseSla(businessCalendarInputSchema, input);
}
