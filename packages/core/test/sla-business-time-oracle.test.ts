import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NoBusinessTimeError,
  addBusinessMinutes,
  businessMinutesBetween,
  type CalendarLike,
} from '../src/sla/index.js';

/*
 * Brute-force oracle: walks real UTC time minute by minute and asks, for each minute, what the wall
 * clock in the zone shows (date, weekday, minute of day). A minute is open when that wall time is in
 * one of the weekday's intervals and the date is not a holiday. Every instant and interval in these
 * tests sits on a minute boundary and every offset of these zones is a whole number of minutes, so
 * counting minutes is exact. Offsets come from `Intl`, looked up per 60-minute block and re-checked at
 * the block's last minute (a block with a change is looked up minute by minute).
 */
const MINUTE = 60_000;
const DAY = 86_400_000;
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const formatters = new Map<string, Intl.DateTimeFormat>();
function intlOffset(zone: string, ms: number): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!) - ms;
}

const blockCache = new Map<string, number | null>();
function offsetAt(zone: string, ms: number): number {
  const block = Math.floor(ms / (60 * MINUTE)) * 60 * MINUTE;
  const key = `${zone}@${block}`;
  let o = blockCache.get(key);
  if (o === undefined) {
    const first = intlOffset(zone, block);
    o = first === intlOffset(zone, block + 59 * MINUTE) ? first : null;
    blockCache.set(key, o);
  }
  return o ?? intlOffset(zone, ms);
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** The calendar read once: holiday day numbers and, per weekday (Sunday = 0), intervals in minutes. */
const prepared = new WeakMap<CalendarLike, { holidays: Set<number>; days: [number, number][][] }>();
function prepare(cal: CalendarLike) {
  let p = prepared.get(cal);
  if (!p) {
    p = {
      holidays: new Set(cal.holidays.map((h) => Date.parse(`${h}T00:00Z`) / DAY)),
      days: DAY_NAMES.map((name) => cal.hours[name].map(([a, b]) => [minutesOf(a), minutesOf(b)] as [number, number])),
    };
    prepared.set(cal, p);
  }
  return p;
}

function isOpenMinute(cal: CalendarLike, ms: number): boolean {
  const { holidays, days } = prepare(cal);
  const wall = ms + offsetAt(cal.timezone, ms); // local wall time, written as if it were UTC
  const day = Math.floor(wall / DAY);
  if (holidays.has(day)) return false;
  const minute = Math.floor((wall - day * DAY) / MINUTE);
  const weekday = new Date(day * DAY).getUTCDay();
  return days[weekday]!.some(([a, b]) => minute >= a && minute < b);
}

function oracleBetween(cal: CalendarLike, from: number, to: number): number {
  let n = 0;
  for (let u = from; u < to; u += MINUTE) if (isOpenMinute(cal, u)) n++;
  return n;
}

/** End of the n-th open minute after `from`, or null if not reached within `limitMs`. */
function oracleAdd(cal: CalendarLike, from: number, minutes: number, limitMs: number): number | null {
  let n = 0;
  for (let u = from; u < from + limitMs; u += MINUTE) {
    if (isOpenMinute(cal, u) && ++n === minutes) return u + MINUTE;
  }
  return null;
}

// ---- generators ------------------------------------------------------------------------------

const at = (iso: string) => Date.parse(iso);
/** Days around which the zones change their offset (or skip a day), plus year ends. */
const ANCHORS: Record<string, number[]> = {
  'America/New_York': [at('2024-03-10T00:00Z'), at('2024-11-03T00:00Z'), at('2023-12-31T00:00Z')],
  'Europe/Berlin': [at('2024-03-31T00:00Z'), at('2024-10-27T00:00Z'), at('2025-12-31T00:00Z')],
  'Australia/Lord_Howe': [at('2024-04-07T00:00Z'), at('2024-10-06T00:00Z'), at('2024-12-31T00:00Z')],
  'Asia/Kolkata': [at('2024-06-15T00:00Z'), at('2024-12-31T00:00Z')],
  'Pacific/Apia': [at('2011-12-30T00:00Z'), at('2011-09-24T00:00Z'), at('2020-12-31T00:00Z')],
  'America/Santiago': [at('2024-04-07T00:00Z'), at('2024-09-08T00:00Z')],
  UTC: [at('2024-02-29T00:00Z'), at('2024-12-31T00:00Z')],
};
const ZONES = Object.keys(ANCHORS);

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Interval boundaries biased towards DST hours, midnight and 24:00. */
const boundary = fc.oneof(
  fc.constantFrom(0, 60, 90, 120, 150, 180, 1380, 1410, 1440),
  fc.integer({ min: 0, max: 1440 }),
);
const dayHours = fc.uniqueArray(boundary, { maxLength: 6 }).map((bs) => {
  const sorted = [...bs].sort((a, b) => a - b);
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) out.push([hhmm(sorted[i]!), hhmm(sorted[i + 1]!)]);
  return out;
});
const weekHours = fc.record({
  mon: dayHours,
  tue: dayHours,
  wed: dayHours,
  thu: dayHours,
  fri: dayHours,
  sat: dayHours,
  sun: dayHours,
});

/** A zone, an anchor day, a calendar with holidays near the anchor, and a minute-aligned start near it. */
const scenario = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    // Mostly the zone's transition days and year ends; sometimes any day from 1990 to 2035.
    anchorPick: fc.oneof({ arbitrary: fc.nat(), weight: 3 }, { arbitrary: fc.constant(-1), weight: 1 }),
    randomDay: fc.integer({ min: 7305, max: 23741 }),
    hours: weekHours,
    holidayDays: fc.uniqueArray(fc.integer({ min: -3, max: 4 }), { maxLength: 3 }),
    startMinute: fc.integer({ min: -2 * 1440, max: 2 * 1440 }),
  })
  .map(({ zone, anchorPick, randomDay, hours, holidayDays, startMinute }) => {
    const anchors = ANCHORS[zone]!;
    const anchor = anchorPick < 0 ? randomDay * DAY : anchors[anchorPick % anchors.length]!;
    const holidays = holidayDays.map((d) => new Date(anchor + d * DAY).toISOString().slice(0, 10)).sort();
    const calendar: CalendarLike = { timezone: zone, hours, holidays };
    return { calendar, start: anchor + startMinute * MINUTE };
  });

const hasOpenTime = (cal: CalendarLike) => Object.values(cal.hours).some((d) => d.length > 0);

// ---- properties ------------------------------------------------------------------------------

const RUNS = { between: 200, add: 200, roundTrip: 1000 };

describe('business time agrees with the minute-by-minute oracle', () => {
  it(`businessMinutesBetween over windows of up to 3 days (${RUNS.between} cases)`, () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 3 * 1440 }), ({ calendar, start }, length) => {
        const end = start + length * MINUTE;
        expect(businessMinutesBetween(calendar, new Date(start), new Date(end))).toBe(oracleBetween(calendar, start, end));
      }),
      { numRuns: RUNS.between },
    );
  });

  it(`addBusinessMinutes for up to 1,500 minutes (${RUNS.add} cases)`, () => {
    const limit = 5 * DAY;
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 1500 }), ({ calendar, start }, minutes) => {
        if (!hasOpenTime(calendar)) {
          expect(() => addBusinessMinutes(calendar, new Date(start), minutes)).toThrow(NoBusinessTimeError);
          return;
        }
        const due = addBusinessMinutes(calendar, new Date(start), minutes).getTime();
        const expected = oracleAdd(calendar, start, minutes, limit);
        if (expected !== null) expect(due).toBe(expected);
        else {
          // Sparse calendar: the oracle gave up; the due time must lie beyond what it walked.
          expect(due).toBeGreaterThan(start + limit);
          expect(oracleBetween(calendar, start, start + limit)).toBeLessThan(minutes);
        }
      }),
      { numRuns: RUNS.add },
    );
  });

  it(`between(start, add(start, n)) = n and the due time is the earliest such instant (${RUNS.roundTrip} cases)`, () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 20_000 }), ({ calendar, start }, minutes) => {
        fc.pre(hasOpenTime(calendar));
        const from = new Date(start);
        const due = addBusinessMinutes(calendar, from, minutes);
        expect(businessMinutesBetween(calendar, from, due)).toBe(minutes);
        expect(businessMinutesBetween(calendar, from, new Date(due.getTime() - 1000))).toBeLessThan(minutes);
      }),
      { numRuns: RUNS.roundTrip },
    );
  });
});
