import { ACCENT, AXIS, GRID, MUTED } from './palette.js';
import { formatCount, labelStride, niceScale } from './scale.js';
import {
  CHART_WIDTH,
  clean,
  frame,
  idPrefix,
  message,
  n,
  svg,
  textWidth,
  truncate,
  type ChartOptions,
  type SvgMarkup,
} from './svg.js';

/** Tickets created on one day. */
export interface DailyCount {
  /** The day, `YYYY-MM-DD` (other text is shown as given, shortened). */
  day: string;
  /** Tickets created that day (negative or non-finite values count as 0). */
  count: number;
}

const HEIGHT = 240;
const TOP = 14;
const BOTTOM = 30;
const RIGHT = 12;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Tickets created per day as vertical bars over a y-axis with round ticks; x labels are thinned
 * so they never overlap (the latest day is always labelled). Days are drawn in the order given,
 * one slot each: the caller sorts them and fills days without tickets with `count: 0`, so gaps
 * in time show as empty slots instead of being silently closed up.
 */
export function dailyVolumeChart(points: readonly DailyCount[], options: ChartOptions = {}): SvgMarkup {
  const id = idPrefix(options.idPrefix, 'daily-volume');
  const title = options.title ?? 'Tickets created per day';
  const days = points.map((p) => ({ day: String(p.day), count: Math.round(clean(p.count)) }));
  if (days.length === 0) {
    return frame(id, title, 'No days to show.', HEIGHT, message(CHART_WIDTH / 2, HEIGHT / 2, 'No data yet'));
  }

  const scale = niceScale(Math.max(...days.map((d) => d.count)), { count: 5, integer: true });
  const left = Math.max(...scale.ticks.map((t) => textWidth(formatCount(t)))) + 14;
  const plotWidth = CHART_WIDTH - left - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const baseline = TOP + plotHeight;
  const y = (value: number) => baseline - (value / scale.max) * plotHeight;
  const slot = plotWidth / days.length;
  const gap = slot >= 4 ? Math.min(slot * 0.2, 8) : 0;

  const grid = scale.ticks.map(
    (t) => svg`<line x1="${n(left)}" x2="${n(CHART_WIDTH - RIGHT)}" y1="${n(y(t))}" y2="${n(y(t))}" stroke="${t === 0 ? AXIS : GRID}"/><text x="${n(left - 6)}" y="${n(y(t) + 4)}" text-anchor="end" fill="${MUTED}">${formatCount(t)}</text>`,
  );
  const bars = days.flatMap((d, i) =>
    d.count === 0
      ? []
      : [
          svg`<rect class="bar" x="${n(left + i * slot + gap / 2)}" y="${n(y(d.count))}" width="${n(Math.max(slot - gap, 0.5))}" height="${n(baseline - y(d.count))}" fill="${ACCENT}"><title>${d.day}: ${formatCount(d.count)}</title></rect>`,
        ],
  );
  const stride = labelStride(days.length, slot, textWidth('Mmm 00') + 10);
  const labels = xLabels(
    days.map((d, i) => ({ text: shortDay(d.day), x: left + (i + 0.5) * slot, shown: (days.length - 1 - i) % stride === 0 })),
    baseline + 18,
    left,
    CHART_WIDTH - 2,
  );
  const total = days.reduce((sum, d) => sum + d.count, 0);
  const note = total === 0 ? [message(left + plotWidth / 2, TOP + plotHeight / 2, 'No tickets created in this period')] : [];
  return frame(id, title, describe(days, total), HEIGHT, [...grid, ...bars, ...labels, ...note]);
}

/**
 * The x labels marked `shown`, centred on their slot but shifted to stay inside `[min, max]`;
 * placed from the right, a label that would touch its right neighbour (after a shift) is dropped.
 */
function xLabels(items: ReadonlyArray<{ text: string; x: number; shown: boolean }>, y: number, min: number, max: number): SvgMarkup[] {
  const placed: SvgMarkup[] = [];
  let limit = max;
  for (let i = items.length - 1; i >= 0; i -= 1) {
    const item = items[i]!;
    if (!item.shown) continue;
    const width = textWidth(item.text);
    const start = Math.max(min, Math.min(item.x - width / 2, max - width));
    if (start + width > limit) continue;
    const anchor = start === item.x - width / 2 ? 'middle' : start === min ? 'start' : 'end';
    const at = anchor === 'middle' ? item.x : anchor === 'start' ? start : start + width;
    placed.unshift(svg`<text x="${n(at)}" y="${n(y)}" text-anchor="${anchor}" fill="${MUTED}">${item.text}</text>`);
    limit = start - 6;
  }
  return placed;
}

/** `2026-11-03` → `Nov 3`; anything else is shown as given, shortened. */
function shortDay(day: string): string {
  const match = /^\d{4}-(\d{2})-(\d{2})$/u.exec(day);
  const month = match ? MONTHS[Number(match[1]) - 1] : undefined;
  return match && month ? `${month} ${Number(match[2])}` : truncate(day, 8);
}

/** The numbers in words: range, total, average, busiest and quietest day. */
function describe(days: ReadonlyArray<{ day: string; count: number }>, total: number): string {
  const first = days[0]!;
  const last = days[days.length - 1]!;
  const busiest = days.reduce((a, b) => (b.count > a.count ? b : a));
  const quietest = days.reduce((a, b) => (b.count < a.count ? b : a));
  const range = days.length === 1 ? `on ${first.day}` : `from ${first.day} to ${last.day} (${days.length} days)`;
  const summary = `${formatCount(total)} tickets created ${range}`;
  if (days.length === 1) return `${summary}.`;
  const average = total / days.length;
  return (
    `${summary}; on average ${average < 10 ? average.toFixed(1) : formatCount(average)} a day. ` +
    `Busiest day ${busiest.day} with ${formatCount(busiest.count)}; quietest ${quietest.day} with ${formatCount(quietest.count)}; ` +
    `latest day ${last.day} with ${formatCount(last.count)}.`
  );
}
