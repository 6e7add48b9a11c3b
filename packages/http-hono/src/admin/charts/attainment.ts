import { GRID, MUTED, ON_FILL, OUTCOME_COLOURS, TEXT } from './palette.js';
import { formatCount, formatCountShort } from './scale.js';
import { CHART_WIDTH, clean, frame, idPrefix, message, n, svg, textWidth, type ChartOptions, type SvgMarkup } from './svg.js';

/** SLA counts of one target, as the statistics report them. */
export interface TargetCounts {
  active: number;
  /** Only the resolution target pauses. */
  paused?: number;
  fulfilled: number;
  breached: number;
}

/** The `sla` block of the ticket statistics. */
export interface SlaCounts {
  first_response: TargetCounts;
  resolution: TargetCounts;
}

type Outcome = keyof typeof OUTCOME_COLOURS;
const OUTCOMES: readonly Outcome[] = ['fulfilled', 'breached', 'active', 'paused'];
const LABELS: Record<Outcome, string> = { fulfilled: 'Met', breached: 'Breached', active: 'Running', paused: 'Paused' };

const SIDE = 12;
const TOP = 6;
const BLOCK = 84;
const BAR = 24;
const LEGEND = 30;
const MIN_SEGMENT = 3;

/**
 * Attainment = fulfilled / (fulfilled + breached), as a percentage rounded to one decimal that never
 * shows 100 while a target was breached nor 0 while one was met; null when nothing has finished.
 */
export function attainmentPercent(counts: Pick<TargetCounts, 'fulfilled' | 'breached'>): number | null {
  const fulfilled = clean(counts.fulfilled);
  const done = fulfilled + clean(counts.breached);
  if (done === 0) return null;
  const percent = Math.round((fulfilled / done) * 1000) / 10;
  if (percent === 100 && fulfilled < done) return 99.9;
  if (percent === 0 && fulfilled > 0) return 0.1;
  return percent;
}

/**
 * SLA attainment per target (first response, resolution): one stacked bar each of met, breached,
 * running and paused targets, with the attainment percentage, the counts and a legend. A target with
 * no counts at all says "No data yet".
 */
export function attainmentChart(sla: SlaCounts, options: ChartOptions = {}): SvgMarkup {
  const id = idPrefix(options.idPrefix, 'sla-attainment');
  const title = options.title ?? 'SLA attainment';
  const targets = [
    { name: 'First response', counts: sla.first_response, outcomes: OUTCOMES.filter((o) => o !== 'paused') },
    { name: 'Resolution', counts: sla.resolution, outcomes: OUTCOMES },
  ];
  const height = TOP + targets.length * BLOCK + LEGEND;
  const blocks = targets.map((target, i) => block(target.name, target.counts, target.outcomes, TOP + i * BLOCK));
  const desc = targets.map((t) => describe(t.name, t.counts, t.outcomes)).join(' ');
  return frame(id, title, desc, height, [...blocks, legend(height - LEGEND / 2)]);
}

function block(name: string, raw: TargetCounts, outcomes: readonly Outcome[], top: number): SvgMarkup {
  const counts = outcomes.map((o) => ({ outcome: o, count: Math.round(clean(raw[o])) }));
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const percent = attainmentPercent(raw);
  const headline = total === 0 ? '' : percent === null ? 'Nothing finished yet' : `${percent}% met`;
  const barTop = top + 26;
  const width = CHART_WIDTH - 2 * SIDE;
  const head = svg`<text x="${n(SIDE)}" y="${n(top + 17)}" font-weight="600" fill="${TEXT}">${name}</text><text x="${n(CHART_WIDTH - SIDE)}" y="${n(top + 17)}" text-anchor="end" font-weight="600" fill="${TEXT}">${headline}</text>`;
  if (total === 0) {
    return svg`<g class="target">${head}<rect class="empty" x="${n(SIDE)}" y="${n(barTop)}" width="${n(width)}" height="${n(BAR)}" rx="3" fill="#f9fafb" stroke="${GRID}"/>${message(CHART_WIDTH / 2, barTop + BAR / 2 + 4, 'No data yet')}</g>`;
  }
  const widths = segmentWidths(counts.map((c) => c.count), width);
  let x = SIDE;
  const segments = counts.flatMap(({ outcome, count }, i) => {
    if (count === 0) return [];
    const w = widths[i]!;
    const label = formatCountShort(count);
    const inside =
      textWidth(label) + 8 <= w
        ? svg`<text x="${n(x + w / 2)}" y="${n(barTop + BAR / 2 + 4)}" text-anchor="middle" fill="${ON_FILL}">${label}</text>`
        : svg``;
    const segment = svg`<rect class="segment segment-${outcome}" x="${n(x)}" y="${n(barTop)}" width="${n(w)}" height="${n(BAR)}" fill="${OUTCOME_COLOURS[outcome]}" stroke="#ffffff" stroke-width="1"><title>${LABELS[outcome]}: ${label}</title></rect>${inside}`;
    x += w;
    return [segment];
  });
  const summary = counts.map((c) => `${formatCountShort(c.count)} ${LABELS[c.outcome].toLowerCase()}`).join(' · ');
  return svg`<g class="target">${head}${segments}<text x="${n(SIDE)}" y="${n(barTop + BAR + 18)}" fill="${MUTED}">${summary}</text></g>`;
}

/**
 * Widths proportional to `counts` that add up to `width`, except that every non-zero count gets at
 * least MIN_SEGMENT so one breach among thousands stays visible.
 */
export function segmentWidths(counts: readonly number[], width: number): number[] {
  const total = counts.reduce((sum, c) => sum + c, 0);
  if (total === 0) return counts.map(() => 0);
  const small = counts.map((c) => c > 0 && (c / total) * width < MIN_SEGMENT);
  const reserved = small.filter(Boolean).length * MIN_SEGMENT;
  const rest = counts.reduce((sum, c, i) => (small[i] ? sum : sum + c), 0);
  return counts.map((c, i) => (c === 0 ? 0 : small[i] ? MIN_SEGMENT : (c / rest) * (width - reserved)));
}

function legend(y: number): SvgMarkup {
  let x = SIDE;
  const items = OUTCOMES.map((o) => {
    const item = svg`<rect x="${n(x)}" y="${n(y - 6)}" width="12" height="12" rx="2" fill="${OUTCOME_COLOURS[o]}"/><text x="${n(x + 18)}" y="${n(y + 4)}" fill="${TEXT}">${LABELS[o]}</text>`;
    x += 18 + textWidth(LABELS[o]) + 20;
    return item;
  });
  return svg`<g class="legend">${items}</g>`;
}

function describe(name: string, raw: TargetCounts, outcomes: readonly Outcome[]): string {
  const counts = outcomes.map((o) => `${formatCount(Math.round(clean(raw[o])))} ${LABELS[o].toLowerCase()}`).join(', ');
  const total = outcomes.reduce((sum, o) => sum + Math.round(clean(raw[o])), 0);
  if (total === 0) return `${name}: no data yet.`;
  const percent = attainmentPercent(raw);
  return `${name}: ${percent === null ? 'no target finished yet' : `${percent}% of finished targets met`} (${counts}).`;
}
