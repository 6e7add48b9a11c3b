/**
 * `pnpm bench:sla` — business-time arithmetic in-process, against plain `Date` arithmetic in the same run.
 *
 *   node --conditions=dev-source --import tsx bench/sla.bench.ts [--calls N] [--rounds N]
 *
 * Calendar: Europe/Berlin, Monday–Friday 09:00–12:30 and 13:30–18:00, German public holidays
 * 2024–2027 (so spans cross DST changes and holidays). Each call adds 20 business days' worth of minutes
 * (20 × 480 = 9,600 min) to a start instant drawn from 2024–2026, which crosses about 28–32 calendar days.
 * Paths, interleaved over `--rounds` rounds so load from other processes falls on each alike:
 * - `add-business-minutes` — `addBusinessMinutes(calendar, start, 9600)`.
 * - `business-minutes-between` — `businessMinutesBetween(calendar, start, start + 30 days)`.
 * - `add-round-the-clock` — `addBusinessMinutes(null, start, 43200)`: the `Date` arithmetic baseline.
 * The zone's offset table is warmed first (its one-off cost per zone-year is reported separately).
 */
import { performance } from 'node:perf_hooks';
import { addBusinessMinutes, businessMinutesBetween, type CalendarLike } from '@tessera/core';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]!.replaceAll('_', '')) : fallback;
};
const CALLS = arg('calls', 200_000);
const ROUNDS = arg('rounds', 10);
const DAY = 86_400_000;

const workday: [string, string][] = [
  ['09:00', '12:30'],
  ['13:30', '18:00'],
];
const holidays = [2024, 2025, 2026, 2027].flatMap((y) =>
  ['01-01', '05-01', '10-03', '12-24', '12-25', '12-26', '12-31'].map((md) => `${y}-${md}`),
);
holidays.push('2024-03-29', '2024-04-01', '2024-05-09', '2024-05-20', '2025-04-18', '2025-04-21', '2025-05-29', '2025-06-09');
holidays.push('2026-04-03', '2026-04-06', '2026-05-14', '2026-05-25');
const calendar: CalendarLike = {
  id: 1,
  timezone: 'Europe/Berlin',
  hours: { mon: workday, tue: workday, wed: workday, thu: workday, fri: workday, sat: [], sun: [] },
  holidays: holidays.sort(),
};

// Deterministic start instants over 2024-01-01 … 2026-12-01, to the second.
let seed = 0x2545f491;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const from = Date.UTC(2024, 0, 1);
const span = Date.UTC(2026, 11, 1) - from;
const starts = Array.from({ length: 4096 }, () => new Date(from + Math.floor((rand() * span) / 1000) * 1000));

for (const s of starts) addBusinessMinutes(calendar, s, 9600); // warm the Berlin table and the JIT
// One-off cost: the first lookups in a year of a zone scan its offsets (about 370 Intl calls per year).
const cold = performance.now();
businessMinutesBetween(calendar, new Date(Date.UTC(2031, 0, 1)), new Date(Date.UTC(2032, 0, 1)));
const coldMs = performance.now() - cold;

let sink = 0;
const paths: Record<string, (i: number) => void> = {
  'add-business-minutes': (i) => {
    sink += addBusinessMinutes(calendar, starts[i & 4095]!, 9600).getTime();
  },
  'business-minutes-between': (i) => {
    const s = starts[i & 4095]!;
    sink += businessMinutesBetween(calendar, s, new Date(s.getTime() + 30 * DAY));
  },
  'add-round-the-clock': (i) => {
    sink += addBusinessMinutes(null, starts[i & 4095]!, 43_200).getTime();
  },
};
const elapsed: Record<string, number> = Object.fromEntries(Object.keys(paths).map((k) => [k, 0]));
const perRound = Math.ceil(CALLS / ROUNDS);
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, fn] of Object.entries(paths)) {
    const t0 = performance.now();
    for (let i = 0; i < perRound; i++) fn(i + r * perRound);
    elapsed[name]! += performance.now() - t0;
  }
}

const callsPerSecond = (name: string) => Math.round((perRound * ROUNDS) / (elapsed[name]! / 1000));
const baseline = callsPerSecond('add-round-the-clock');
const calendarDays = starts.slice(0, 256).map((s) => (addBusinessMinutes(calendar, s, 9600).getTime() - s.getTime()) / DAY);
const results = {
  node: process.version,
  calls: perRound * ROUNDS,
  calendarDaysCrossed: {
    min: +Math.min(...calendarDays).toFixed(1),
    max: +Math.max(...calendarDays).toFixed(1),
  },
  coldZoneYearMs: +coldMs.toFixed(2),
  paths: Object.fromEntries(
    Object.keys(paths).map((name) => [
      name,
      { callsPerSecond: callsPerSecond(name), ratioToBaseline: +(callsPerSecond(name) / baseline).toFixed(4) },
    ]),
  ),
  target: { 'add-business-minutes': '>= 100000 calls/s' },
  pass: callsPerSecond('add-business-minutes') >= 100_000,
  sink: sink % 7,
};

console.log('path                         calls/s      × baseline');
for (const [name, r] of Object.entries(results.paths)) {
  console.log(`${name.padEnd(28)} ${String(r.callsPerSecond).padStart(10)}   ${r.ratioToBaseline}`);
}
console.log(`calendar days crossed per add: ${results.calendarDaysCrossed.min}–${results.calendarDaysCrossed.max}`);
console.log(`one-off offset scan of a new zone-year (Europe/Berlin 2031): ${results.coldZoneYearMs} ms`);
console.log(JSON.stringify(results));
if (!results.pass) process.exitCode = 1;
