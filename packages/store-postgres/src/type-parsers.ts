import pg, { type CustomTypesConfig } from 'pg';

// Type OIDs by the driver's own names (pg-types' table), not restated here.
const { INT8, INT2, INT4, NUMERIC, FLOAT8, TIMESTAMPTZ, BOOL } = pg.types.builtins;

function parseInteger(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`Integer ${text} is outside the safe JavaScript range.`);
  return n;
}

// `2024-12-31 23:59:59.123456+00`, `…+05:30`, `…-03:30:45`, `0001-12-31 23:00:00+00 BC` (ISO DateStyle,
// which pg itself assumes).
const TIMESTAMPTZ_RE = /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?( BC)?$/u;

/**
 * Parses a `timestamptz` in PostgreSQL's ISO output format into a `Date`. Years are taken as
 * written (`setUTCFullYear`, never `Date.UTC`, which maps years 0–99 to 1900–1999), and `… BC`
 * years map to astronomical numbering (1 BC = year 0).
 */
export function parseTimestamptz(text: string): Date {
  const m = TIMESTAMPTZ_RE.exec(text);
  if (!m) {
    if (text === 'infinity') return new Date(8.64e15);
    if (text === '-infinity') return new Date(-8.64e15);
    throw new RangeError(`Unrecognised timestamptz "${text}" (is DateStyle ISO?).`);
  }
  const [, y, mo, d, h, mi, s, frac, sign, oh, om, os, bc] = m;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  const date = new Date(0);
  date.setUTCFullYear(bc ? 1 - Number(y) : Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), ms);
  const offsetSeconds = Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0);
  return new Date(date.getTime() - (sign === '-' ? -1 : 1) * offsetSeconds * 1000);
}

/**
 * A `Date` as a `timestamptz` literal PostgreSQL reads back exactly: ISO 8601 in UTC for years
 * 0001–9999 (pg's own encoder writes local time, whose historical offsets can carry seconds it
 * drops), `YYYY-…Z BC` style outside (astronomical year 0 = 1 BC).
 */
export function formatTimestamptz(date: Date): string {
  const year = date.getUTCFullYear();
  if (year >= 1 && year <= 9999) return date.toISOString();
  const shifted = new Date(date.getTime());
  shifted.setUTCFullYear(year >= 1 ? year : 1 - year);
  const iso = shifted.toISOString().replace(/^[+-]0*(?=\d{4})/u, '');
  return year >= 1 ? iso : `${iso} BC`;
}

const PARSERS: Record<number, (text: string) => unknown> = {
  [INT8]: parseInteger,
  [INT2]: parseInteger,
  [INT4]: parseInteger,
  [NUMERIC]: Number,
  [FLOAT8]: Number,
  [TIMESTAMPTZ]: parseTimestamptz,
  [BOOL]: (text) => text === 't',
};

const identity = (text: string): string => text;

/**
 * Type parsers passed with every query Tessera runs (pg's per-query `types` option), so ids,
 * counts and `numeric` hours come back as numbers without touching the host's global
 * `pg.types` — other pools in the same process keep their own parsing. Text format only;
 * types not listed come back as strings.
 */
export const tesseraTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number) => PARSERS[oid] ?? identity) as CustomTypesConfig['getTypeParser'],
};
