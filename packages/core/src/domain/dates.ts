import type { FieldIssue } from '../errors.js';

/**
 * The one date grammar of Tessera, for due dates and for the `created_after`/`created_before`
 * filters alike (Django's `parse_datetime`, which DRF uses):
 * - a day `YYYY-MM-DD` (midnight UTC; as an upper filter bound, the whole day), or
 * - `YYYY-MM-DD[T ]hh:mm[:ss[.fraction]][Z|±hh[:mm]|±hhmm]`; without an offset the time is UTC.
 * Dates must exist (no 2025-02-30) and the instant must fall in years 0001–9999 UTC, the range
 * DRF accepts and every store round-trips exactly.
 */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/u;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/iu;

/** First instant of year 0001, UTC. */
export const MIN_DATE = new Date('0001-01-01T00:00:00.000Z');
/** Last instant of year 9999, UTC. */
export const MAX_DATE = new Date('9999-12-31T23:59:59.999Z');

/** Whether `date` is a valid instant within years 0001–9999 UTC. */
export function isDateInRange(date: Date): boolean {
  const t = date.getTime();
  return !Number.isNaN(t) && t >= MIN_DATE.getTime() && t <= MAX_DATE.getTime();
}

/** Whether `text` is a plain `YYYY-MM-DD` day. */
export function isDay(text: string): boolean {
  return DAY.test(text);
}

// Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): Date | null {
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, ms));
  date.setUTCFullYear(y, mo - 1, d);
  const same =
    date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && date.getUTCHours() === h &&
    date.getUTCMinutes() === mi && date.getUTCSeconds() === s;
  return same ? date : null;
}

function offsetMinutes(zone: string | undefined): number | null {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/u.exec(zone);
  if (!m) return null;
  const h = Number(m[2]);
  const mi = Number(m[3] ?? '0');
  if (h > 23 || mi > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + mi);
}

/** The result of {@link parseDateTime}: a date, or the issue that explains the refusal. */
export type ParsedDate = { ok: true; date: Date } | { ok: false; issue: FieldIssue };

/**
 * Parses `text` in the date grammar above. `bound: 'end'` reads a plain day as its last
 * millisecond (an inclusive upper bound); the default reads it as its midnight.
 */
export function parseDateTime(text: string, bound: 'start' | 'end' = 'start'): ParsedDate {
  const invalid: ParsedDate = { ok: false, issue: { code: 'invalid_datetime', params: { input: text } } };
  let date: Date | null = null;
  const day = DAY.exec(text);
  if (day) {
    date = utc(Number(day[1]), Number(day[2]), Number(day[3]));
    if (date && bound === 'end') date = new Date(date.getTime() + 86_400_000 - 1);
  } else {
    const m = DATE_TIME.exec(text);
    if (!m) return invalid;
    const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
    const local = utc(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? '0'), ms);
    const offset = offsetMinutes(m[8]);
    if (local && offset !== null) date = new Date(local.getTime() - offset * 60_000);
  }
  if (!date) return invalid;
  if (!isDateInRange(date)) return { ok: false, issue: { code: 'date_out_of_range', params: { input: text } } };
  return { ok: true, date };
}
