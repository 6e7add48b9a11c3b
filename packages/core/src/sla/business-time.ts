import { TesseraError } from '../errors.js';
import { WEEKDAYS, parseLocalDate, parseLocalTime, type BusinessCalendar } from './calendar.js';
import { MS_PER_DAY, zoneOffsets, type ZoneOffsets } from './zone-offsets.js';

/**
 * Business-time arithmetic on a {@link BusinessCalendar}.
 *
 * Definition: an instant is open when its local wall time in the calendar's zone falls inside one
 * of the intervals of its local weekday and its local date is not a holiday. Business time between
 * two instants is the real elapsed time of the open instants between them. So a local hour skipped
 * by DST counts nothing and a repeated one counts twice, exactly as the clock on the wall elapses.
 *
 * Method (cost grows with the calendar days crossed, never with the amount of time): the UTC time
 * line is walked in runs of constant UTC offset (see `zone-offsets.ts`); inside a run, local time is
 * UTC plus a constant, so each local day's intervals map to UTC spans by one addition each. The walk
 * goes day by day, interval by interval, clipping spans to the run, until the amount is used up.
 * A zone that jumps back across midnight re-enters the previous local day, and a zone that skips a
 * whole day (Pacific/Apia, 2011-12-30) never enters it: both follow from walking runs, not dates.
 *
 * Precision: amounts are milliseconds internally, so due times are exact (never rounded to minutes).
 * `null` as the calendar means round-the-clock (plain elapsed time).
 */

/** The calendar has no open time at all, so a due time can never be reached. */
export class NoBusinessTimeError extends TesseraError {
  constructor(readonly calendarId: number | undefined) {
    super(
      `Calendar${calendarId === undefined ? '' : ` ${calendarId}`} has no business hours on any day, so no due time can be computed.`,
    );
  }
}

/**
 * The calendar fields business time needs. Treat calendar objects as immutable: each is prepared
 * once (cached by identity), so an edited calendar must be a new object.
 */
export type CalendarLike = Pick<BusinessCalendar, 'timezone' | 'hours' | 'holidays'> & { id?: number };

/** A calendar prepared for fast arithmetic. */
interface CompiledCalendar {
  id: number | undefined;
  zone: ZoneOffsets;
  /** Per weekday (Monday = 0): flat `[start, end, start, end, …]` in ms after local midnight, merged. */
  weekly: number[][];
  holidays: Set<number>;
  hasOpenTime: boolean;
}

const compiled = new WeakMap<CalendarLike, CompiledCalendar>();

function compile(calendar: CalendarLike): CompiledCalendar {
  let c = compiled.get(calendar);
  if (c) return c;
  const weekly = WEEKDAYS.map((day) => {
    const spans: number[] = [];
    const sorted = [...(calendar.hours[day] ?? [])]
      .map(([a, b]) => [parseLocalTime(a), parseLocalTime(b)] as const)
      .filter((p): p is readonly [number, number] => p[0] !== null && p[1] !== null && p[1] > p[0])
      .sort((x, y) => x[0] - y[0]);
    for (const [a, b] of sorted) {
      const last = spans.length - 1;
      if (last > 0 && spans[last]! >= a * 60_000) spans[last] = Math.max(spans[last]!, b * 60_000);
      else spans.push(a * 60_000, b * 60_000);
    }
    return spans;
  });
  const holidays = new Set<number>();
  for (const date of calendar.holidays) {
    const day = parseLocalDate(date);
    if (day !== null) holidays.add(day);
  }
  c = {
    id: calendar.id,
    zone: zoneOffsets(calendar.timezone),
    weekly,
    holidays,
    hasOpenTime: weekly.some((spans) => spans.length > 0),
  };
  compiled.set(calendar, c);
  return c;
}

/** Whether the calendar's week has any open interval (holidays only close finitely many days). */
export function calendarHasOpenTime(calendar: CalendarLike | null): boolean {
  return calendar === null || compile(calendar).hasOpenTime;
}

/** Monday = 0 … Sunday = 6 for a day number (days since 1970-01-01, a Thursday). */
function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** How far ahead a due time may lie: bounds the walk on absurdly sparse calendars. */
const HORIZON_MS = 100 * 366 * MS_PER_DAY;

function checkInstant(name: string, ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError(`${name} is not a valid date.`);
}

/**
 * The instant at which `amountMs` of business time has elapsed after `start`: the earliest instant
 * `due` with `businessMillisecondsBetween(calendar, start, due) === amountMs`. Zero returns `start`.
 * Throws {@link NoBusinessTimeError} when the calendar has no open time and `amountMs > 0`, and a
 * `RangeError` when the due time would lie more than 100 years ahead.
 */
export function addBusinessMilliseconds(calendar: CalendarLike | null, start: Date, amountMs: number): Date {
  const from = start.getTime();
  checkInstant('start', from);
  if (!Number.isFinite(amountMs) || amountMs < 0) throw new RangeError('amount must be a finite, non-negative number.');
  if (amountMs === 0) return new Date(from);
  if (calendar === null) return new Date(from + amountMs);
  const cal = compile(calendar);
  if (!cal.hasOpenTime) throw new NoBusinessTimeError(cal.id);
  // Closed days in a row are bounded by the holidays plus a week (and a DST-shortened day or two).
  const maxClosedDays = cal.holidays.size + 21;
  let closedDays = 0;
  let remaining = amountMs;
  let t = from;
  for (;;) {
    const piece = cal.zone.pieceAt(t);
    const offset = piece.offsetMs;
    for (let day = Math.floor((t + offset) / MS_PER_DAY); ; day++) {
      const midnight = day * MS_PER_DAY - offset;
      if (midnight >= piece.end) break;
      let open = false;
      if (!cal.holidays.has(day)) {
        const spans = cal.weekly[weekdayOf(day)]!;
        for (let k = 0; k < spans.length; k += 2) {
          const s = Math.max(midnight + spans[k]!, t);
          const e = Math.min(midnight + spans[k + 1]!, piece.end);
          if (e > s) {
            open = true;
            if (e - s >= remaining) return new Date(s + remaining);
            remaining -= e - s;
          }
        }
      }
      if (open) closedDays = 0;
      else if (++closedDays > maxClosedDays) throw new NoBusinessTimeError(cal.id);
    }
    t = piece.end;
    if (t - from > HORIZON_MS) throw new RangeError('The due time lies more than 100 years ahead; the calendar is too sparse for this amount.');
  }
}

/**
 * Business time in milliseconds between two instants (open time in `[from, to)`); 0 when `to` is not
 * after `from`.
 */
export function businessMillisecondsBetween(calendar: CalendarLike | null, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  checkInstant('from', a);
  checkInstant('to', b);
  if (b <= a) return 0;
  if (calendar === null) return b - a;
  const cal = compile(calendar);
  if (!cal.hasOpenTime) return 0;
  let total = 0;
  let t = a;
  while (t < b) {
    const piece = cal.zone.pieceAt(t);
    const end = Math.min(piece.end, b);
    const offset = piece.offsetMs;
    for (let day = Math.floor((t + offset) / MS_PER_DAY); ; day++) {
      const midnight = day * MS_PER_DAY - offset;
      if (midnight >= end) break;
      if (cal.holidays.has(day)) continue;
      const spans = cal.weekly[weekdayOf(day)]!;
      for (let k = 0; k < spans.length; k += 2) {
        const s = Math.max(midnight + spans[k]!, t);
        const e = Math.min(midnight + spans[k + 1]!, end);
        if (e > s) total += e - s;
      }
    }
    t = end;
  }
  return total;
}

const MS_PER_MINUTE = 60_000;

/**
 * Adds `minutes` of business time to `start` (fractional minutes allowed; exact to the millisecond).
 * `calendar` null = round-the-clock. Throws {@link NoBusinessTimeError} on a calendar with no open time.
 */
export function addBusinessMinutes(calendar: CalendarLike | null, start: Date, minutes: number): Date {
  return addBusinessMilliseconds(calendar, start, Math.round(minutes * MS_PER_MINUTE));
}

/** Business minutes between two instants (fractional: exact to the millisecond); 0 when `to` is not after `from`. */
export function businessMinutesBetween(calendar: CalendarLike | null, from: Date, to: Date): number {
  return businessMillisecondsBetween(calendar, from, to) / MS_PER_MINUTE;
}
