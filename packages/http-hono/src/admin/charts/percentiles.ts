import { AXIS, GRID, MUTED, PERCENTILE_COLOURS, TEXT } from './palette.js';
import { formatDecimal, niceScale } from './scale.js';
import { CHART_WIDTH, clean, frame, idPrefix, message, n, svg, textWidth, type ChartOptions, type SvgMarkup } from './svg.js';

/** Percentiles of one duration; a null entry has no value yet. */
export interface Percentiles {
  p50: number | null;
  p90: number | null;
  p95: number | null;
}

/** Response and resolution time percentiles; null when no ticket has been answered / resolved yet. */
export interface DurationPercentiles {
  response: Percentiles | null;
  resolution: Percentiles | null;
}

/** Unit of the durations given. */
export type DurationUnit = 'hours' | 'minutes';

const KEYS = ['p50', 'p90', 'p95'] as const;
const KEY_WORDS: Record<(typeof KEYS)[number], string> = {
  p50: 'median',
  p90: '90th percentile',
  p95: '95th percentile',
};
const SUFFIX: Record<DurationUnit, string> = { hours: 'h', minutes: 'min' };

const LEFT = 56;
const MIN_RIGHT = 60;
const TOP = 4;
const HEADER = 24;
const ROW = 22;
const BAR = 14;
const GROUP_GAP = 10;
const AXIS_SPACE = 24;

/**
 * Response and resolution time percentiles (p50, p90, p95) as labelled horizontal bars on one
 * shared axis with round ticks, so the two durations compare at a glance. A missing group or
 * value says so instead of drawing a zero.
 */
export function percentileChart(
  data: DurationPercentiles,
  unit: DurationUnit = 'hours',
  options: ChartOptions = {},
): SvgMarkup {
  const id = idPrefix(options.idPrefix, 'duration-percentiles');
  const title = options.title ?? `Response and resolution times (${unit})`;
  const groups = [
    { name: 'First response time', values: data.response },
    { name: 'Resolution time', values: data.resolution },
  ];
  const all = groups.flatMap((g) => (g.values ? KEYS.map((k) => g.values![k]) : [])).filter((v) => v !== null);
  const scale = niceScale(Math.max(0, ...all.map(clean)), { count: 5 });
  const format = (value: number) => `${formatDecimal(clean(value), 2)} ${SUFFIX[unit]}`;
  // Room on the right for the longest value label (and the last tick's label).
  const right = Math.max(MIN_RIGHT, ...all.map((v) => textWidth(format(v)) + 12));
  const plotWidth = CHART_WIDTH - LEFT - right;
  const x = (value: number) => LEFT + (clean(value) / scale.max) * plotWidth;

  let y = TOP;
  const blocks = groups.map((group) => {
    const top = y;
    const header = svg`<text x="${n(LEFT)}" y="${n(top + 16)}" font-weight="600" fill="${TEXT}">${group.name}</text>`;
    if (!group.values) {
      y += HEADER + ROW + GROUP_GAP;
      return svg`<g class="group">${header}${message(LEFT, top + HEADER + ROW / 2 + 4, 'No data yet', 'start')}</g>`;
    }
    const values = group.values;
    const rows = KEYS.map((key, i) => {
      const middle = top + HEADER + i * ROW + ROW / 2;
      const value = values[key];
      const label = svg`<text x="${n(LEFT - 8)}" y="${n(middle + 4)}" text-anchor="end" fill="${TEXT}">${key}</text>`;
      if (value === null) {
        return svg`${label}<text x="${n(LEFT + 4)}" y="${n(middle + 4)}" fill="${MUTED}">—</text>`;
      }
      const end = Math.max(x(value), LEFT + 1);
      return svg`${label}<rect class="bar" x="${n(LEFT)}" y="${n(middle - BAR / 2)}" width="${n(end - LEFT)}" height="${n(BAR)}" rx="2" fill="${PERCENTILE_COLOURS[i]!}"><title>${key}: ${format(value)}</title></rect><text x="${n(end + 6)}" y="${n(middle + 4)}" fill="${MUTED}">${format(value)}</text>`;
    });
    y += HEADER + KEYS.length * ROW + GROUP_GAP;
    return svg`<g class="group">${header}${rows}</g>`;
  });

  const plotBottom = y - GROUP_GAP / 2;
  const height = plotBottom + AXIS_SPACE;
  const grid = scale.ticks.map((t) => {
    const last = t === scale.ticks[scale.ticks.length - 1];
    const label = `${formatDecimal(t, scale.decimals)}${last ? ` ${SUFFIX[unit]}` : ''}`;
    return svg`<line x1="${n(x(t))}" x2="${n(x(t))}" y1="${n(TOP + HEADER - 4)}" y2="${n(plotBottom)}" stroke="${t === 0 ? AXIS : GRID}"/><text x="${n(x(t))}" y="${n(plotBottom + 16)}" text-anchor="middle" fill="${MUTED}">${label}</text>`;
  });
  const axisLine = svg`<line x1="${n(LEFT)}" x2="${n(CHART_WIDTH - right)}" y1="${n(plotBottom)}" y2="${n(plotBottom)}" stroke="${AXIS}"/>`;
  const desc = groups.map((g) => describe(g.name, g.values, unit)).join(' ');
  return frame(id, title, desc, height, [...grid, axisLine, ...blocks]);
}

function describe(name: string, values: Percentiles | null, unit: DurationUnit): string {
  if (!values) return `${name}: no data yet.`;
  const parts = KEYS.map((k) => {
    const v = values[k];
    return `${KEY_WORDS[k]} ${v === null ? 'unknown' : `${formatDecimal(clean(v), 2)} ${unit}`}`;
  });
  return `${name}: ${parts.join(', ')}.`;
}
