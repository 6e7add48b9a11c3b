import { describe, expect, it } from 'vitest';
import {
  NoBusinessTimeError,
  addBusinessMilliseconds,
  addBusinessMinutes,
  businessMillisecondsBetween,
  businessMinutesBetween,
  calendarHasOpenTime,
  isKnownTimeZone,
  type CalendarLike,
} from '../src/sla/index.js';
import { zoneOffsets } from '../src/sla/zone-offsets.js';

const d = (iso: string) => new Date(iso);
const closedWeek = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const nineToFive: CalendarLike['hours'] = {
  ...closedWeek,
  mon: [['09:00', '17:00']],
  tue: [['09:00', '17:00']],
  wed: [['09:00', '17:00']],
  thu: [['09:00', '17:00']],
  fri: [['09:00', '17:00']],
};
const allDay = (timezone: string, holidays: string[] = []): CalendarLike => ({
  timezone,
  holidays,
  hours: Object.fromEntries(Object.keys(closedWeek).map((k) => [k, [['00:00', '24:00']]])) as unknown as CalendarLike['hours'],
});

describe('business time on DST days', () => {
  it('counts a skipped local hour as nothing and a repeated one twice (Europe/Berlin)', () => {
    const sundayNight = { timezone: 'Europe/Berlin', holidays: [], hours: { ...closedWeek, sun: [['01:00', '04:00']] } } as CalendarLike;
    // 2024-03-31: 02:00 → 03:00 is skipped, so 01:00–04:00 lasts two real hours.
    expect(businessMinutesBetween(sundayNight, d('2024-03-30T12:00Z'), d('2024-04-01T00:00Z'))).toBe(120);
    // 2024-10-27: 02:00–03:00 happens twice, so 01:00–04:00 lasts four real hours.
    expect(businessMinutesBetween(sundayNight, d('2024-10-26T12:00Z'), d('2024-10-28T00:00Z'))).toBe(240);
    // An ordinary Sunday: three hours.
    expect(businessMinutesBetween(sundayNight, d('2024-06-08T12:00Z'), d('2024-06-10T00:00Z'))).toBe(180);
  });

  it('follows Lord Howe’s 30-minute shift', () => {
    // 2024-10-06 02:00 → 02:30 local: a round-the-clock local day lasts 23.5 hours; 2024-04-07 lasts 24.5.
    const cal = { timezone: 'Australia/Lord_Howe', holidays: [], hours: { ...closedWeek, sun: [['00:00', '24:00']] } } as CalendarLike;
    expect(businessMinutesBetween(cal, d('2024-10-04T00:00Z'), d('2024-10-08T00:00Z'))).toBe(23.5 * 60);
    expect(businessMinutesBetween(cal, d('2024-04-05T00:00Z'), d('2024-04-09T00:00Z'))).toBe(24.5 * 60);
  });

  it('never opens on a day the zone skipped (Pacific/Apia, 2011-12-30)', () => {
    const fridaysOnly = { timezone: 'Pacific/Apia', holidays: [], hours: { ...closedWeek, fri: [['00:00', '24:00']] } } as CalendarLike;
    // Thursday 2011-12-29 was followed by Saturday 2011-12-31: the next Friday is 2012-01-06.
    const due = addBusinessMinutes(fridaysOnly, d('2011-12-29T12:00Z'), 60);
    expect(due.toISOString()).toBe('2012-01-05T11:00:00.000Z'); // 2012-01-06 01:00 at UTC+14
    // Fridays 2011-12-23 and 2012-01-06 count whole; 2011-12-30 never happened.
    expect(businessMinutesBetween(fridaysOnly, d('2011-12-20T00:00Z'), d('2012-01-07T00:00Z'))).toBe(2 * 24 * 60);
  });

  it('re-enters the previous local day when a zone falls back across midnight (America/Santiago)', () => {
    // 2024-04-07 00:00 (-03) → 2024-04-06 23:00 (-04): Saturday 23:00–24:00 happens twice.
    const lateSaturday = { timezone: 'America/Santiago', holidays: [], hours: { ...closedWeek, sat: [['23:00', '24:00']] } } as CalendarLike;
    expect(businessMinutesBetween(lateSaturday, d('2024-04-06T00:00Z'), d('2024-04-08T00:00Z'))).toBe(120);
  });

  it('intervals ending at 24:00 run to local midnight and join the next day', () => {
    const cal = {
      timezone: 'Asia/Kolkata',
      holidays: [],
      hours: { ...closedWeek, mon: [['22:00', '24:00']], tue: [['00:00', '02:00']] },
    } as CalendarLike;
    // Monday 2024-06-10 22:00 IST = 16:30Z; three hours later is Tuesday 01:00 IST = 19:30Z.
    expect(addBusinessMinutes(cal, d('2024-06-10T00:00Z'), 180).toISOString()).toBe('2024-06-10T19:30:00.000Z');
  });
});

describe('holidays', () => {
  it('close whole local days, also across a year end', () => {
    const cal: CalendarLike = { timezone: 'America/New_York', holidays: ['2024-12-31', '2025-01-01'], hours: nineToFive };
    // Monday 2024-12-30 16:00 EST; one hour left that day; Tue and Wed are holidays → Thursday 09:00 + 1 h.
    expect(addBusinessMinutes(cal, d('2024-12-30T21:00Z'), 120).toISOString()).toBe('2025-01-02T15:00:00.000Z');
    expect(businessMinutesBetween(cal, d('2024-12-30T00:00Z'), d('2025-01-03T00:00Z'))).toBe(16 * 60);
  });

  it('may close a long run of days without stopping the search', () => {
    const days = Array.from({ length: 400 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10));
    const cal = allDay('UTC', days);
    expect(addBusinessMinutes(cal, d('2024-01-01T00:00Z'), 1).toISOString()).toBe('2025-02-04T00:01:00.000Z');
  });
});

describe('calendars with no open time', () => {
  it('refuse to add time (a clear error, no endless search) and count zero', () => {
    const closed: CalendarLike = { id: 7, timezone: 'Europe/Berlin', holidays: [], hours: closedWeek };
    expect(calendarHasOpenTime(closed)).toBe(false);
    expect(() => addBusinessMinutes(closed, d('2024-01-01T00:00Z'), 1)).toThrow(NoBusinessTimeError);
    expect(() => addBusinessMinutes(closed, d('2024-01-01T00:00Z'), 1)).toThrow(/Calendar 7 has no business hours/);
    expect(businessMinutesBetween(closed, d('2024-01-01T00:00Z'), d('2025-01-01T00:00Z'))).toBe(0);
    expect(addBusinessMinutes(closed, d('2024-01-01T00:00Z'), 0).toISOString()).toBe('2024-01-01T00:00:00.000Z');
  });
});

describe('precision and edge cases', () => {
  it('keeps seconds and milliseconds exact (never rounds to the minute)', () => {
    const cal: CalendarLike = { timezone: 'Europe/Berlin', holidays: [], hours: nineToFive };
    const start = d('2024-06-03T08:59:59.250Z'); // Monday 10:59:59.250 local
    expect(addBusinessMinutes(cal, start, 1).toISOString()).toBe('2024-06-03T09:00:59.250Z');
    expect(addBusinessMilliseconds(cal, start, 1500).toISOString()).toBe('2024-06-03T09:00:00.750Z');
    expect(addBusinessMinutes(cal, start, 0.5).toISOString()).toBe('2024-06-03T09:00:29.250Z');
    expect(businessMillisecondsBetween(cal, start, d('2024-06-03T15:00:00Z'))).toBe(6 * 3_600_000 + 750);
    // Start on a Friday at 16:59:30 local: 30 s left; 60 s of business time ends Monday 09:00:30.
    expect(addBusinessMinutes(cal, d('2024-06-07T14:59:30Z'), 1).toISOString()).toBe('2024-06-10T07:00:30.000Z');
  });

  it('the due time is the end of the last counted span, not the next opening', () => {
    const cal: CalendarLike = { timezone: 'Europe/Berlin', holidays: [], hours: nineToFive };
    expect(addBusinessMinutes(cal, d('2024-06-03T07:00Z'), 8 * 60).toISOString()).toBe('2024-06-03T15:00:00.000Z');
  });

  it('round-the-clock (null) is plain elapsed time; reversed spans count zero', () => {
    expect(addBusinessMinutes(null, d('2024-03-10T06:30Z'), 90).toISOString()).toBe('2024-03-10T08:00:00.000Z');
    expect(businessMinutesBetween(null, d('2024-03-10T06:30Z'), d('2024-03-10T08:00Z'))).toBe(90);
    expect(businessMinutesBetween(allDay('Europe/Berlin'), d('2024-03-11T00:00Z'), d('2024-03-10T00:00Z'))).toBe(0);
  });

  it('gives up with a clear error when a sparse calendar puts the due time over 100 years ahead', () => {
    const oneMinuteAWeek = { timezone: 'UTC', holidays: [], hours: { ...closedWeek, mon: [['09:00', '09:01']] } } as CalendarLike;
    expect(addBusinessMinutes(oneMinuteAWeek, d('2024-01-01T00:00Z'), 52 * 99).getTime()).toBeLessThan(d('2124-01-01T00:00Z').getTime());
    expect(() => addBusinessMinutes(oneMinuteAWeek, d('2024-01-01T00:00Z'), 52 * 101)).toThrow(/more than 100 years ahead/);
  });

  it('rejects negative or non-finite amounts and invalid dates', () => {
    expect(() => addBusinessMinutes(null, d('2024-01-01T00:00Z'), -1)).toThrow(RangeError);
    expect(() => addBusinessMinutes(null, d('2024-01-01T00:00Z'), Number.NaN)).toThrow(RangeError);
    expect(() => addBusinessMinutes(null, new Date('nope'), 1)).toThrow(RangeError);
  });

  it('a full year of a round-the-clock calendar in a DST zone equals real elapsed time', () => {
    const cal = allDay('America/New_York');
    expect(businessMinutesBetween(cal, d('2024-01-01T00:00Z'), d('2025-01-01T00:00Z'))).toBe(366 * 1440);
  });
});

describe('zone offsets', () => {
  it('finds transitions to the second and agrees with Intl around them', () => {
    const ny = zoneOffsets('America/New_York');
    const piece = ny.pieceAt(d('2024-03-10T06:59:59Z').getTime());
    expect(new Date(piece.end).toISOString()).toBe('2024-03-10T07:00:00.000Z');
    expect(piece.offsetMs).toBe(-5 * 3_600_000);
    expect(ny.offsetAt(piece.end)).toBe(-4 * 3_600_000);
    const lh = zoneOffsets('Australia/Lord_Howe');
    expect(lh.offsetAt(d('2024-10-05T15:29:59Z').getTime())).toBe(10.5 * 3_600_000);
    expect(lh.offsetAt(d('2024-10-05T15:30:00Z').getTime())).toBe(11 * 3_600_000);
  });
  it('keeps second-level historical offsets (local mean time) and the Apia jump', () => {
    // Liberia kept UTC−0:44:30 until 1972.
    const monrovia1960 = d('1960-01-01T00:00Z').getTime();
    expect(zoneOffsets('Africa/Monrovia').offsetAt(monrovia1960)).toBe(-(44 * 60 + 30) * 1000);
    const cal = { timezone: 'Africa/Monrovia', holidays: [], hours: { ...closedWeek, fri: [['09:00', '10:00']] } } as CalendarLike;
    // Friday 1960-01-01 09:00 local = 09:44:30Z.
    expect(addBusinessMinutes(cal, d('1960-01-01T00:00Z'), 1).toISOString()).toBe('1960-01-01T09:45:30.000Z');
    const apia = zoneOffsets('Pacific/Apia').pieceAt(d('2011-12-30T09:00Z').getTime());
    expect(new Date(apia.end).toISOString()).toBe('2011-12-30T10:00:00.000Z');
    expect(zoneOffsets('Pacific/Apia').offsetAt(apia.end)).toBe(14 * 3_600_000);
  });
  it('knows IANA names and refuses others', () => {
    expect(isKnownTimeZone('Asia/Kolkata')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isKnownTimeZone('')).toBe(false);
  });
});
