import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TICKET_STATUSES } from '@tessera/core';
import { html } from 'hono/html';
import { describe, expect, it } from 'vitest';
import { segmentWidths } from '../src/admin/charts/attainment.js';
import { textWidth } from '../src/admin/charts/svg.js';
import {
  attainmentChart,
  attainmentPercent,
  dailyVolumeChart,
  niceScale,
  percentileChart,
  statusBacklogChart,
  type SvgMarkup,
} from '../src/admin/charts/index.js';
import { ON_FILL, OUTCOME_COLOURS, PERCENTILE_COLOURS, STATUS_COLOURS, ACCENT, AXIS } from '../src/admin/charts/palette.js';
import { SAMPLE_BACKLOG, SAMPLE_PERCENTILES, SAMPLE_SLA, sampleDays } from './admin-charts-samples.js';

const HOSTILE = '<script>alert("x")</script>&';
const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/charts/', import.meta.url));

interface Element {
  name: string;
  attrs: Record<string, string>;
  text: string;
}

/**
 * A strict little XML reader: checks nesting, quoted attributes and entities, and returns every
 * element with its attributes and direct text. Throws on anything malformed.
 */
function parseSvg(markup: SvgMarkup | string): Element[] {
  const source = String(markup);
  const elements: Element[] = [];
  const stack: Element[] = [];
  const token = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = token.exec(source))) {
    consumed = token.lastIndex;
    const [, closing, name, attrText, selfClosing, text] = match;
    if (text !== undefined) {
      for (const entity of text.match(/&[^;]*;?/g) ?? []) {
        expect(entity).toMatch(/^&(amp|lt|gt|quot|#\d+);$/);
      }
      expect(text).not.toContain('>');
      if (stack.length === 0) throw new Error(`text outside the root: ${text}`);
      stack[stack.length - 1]!.text += text;
      continue;
    }
    if (closing) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const [, key, value] of attrText!.matchAll(/([\w:-]+)="([^"]*)"/g)) {
      if (key! in attrs) throw new Error(`duplicate attribute ${key}`);
      for (const entity of value!.match(/&[^;]*;?/g) ?? []) expect(entity).toMatch(/^&(amp|lt|gt|quot|#\d+);$/);
      attrs[key!] = value!;
    }
    const element = { name: name!, attrs, text: '' };
    if (stack.length === 0 && elements.length > 0) throw new Error('more than one root element');
    elements.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (consumed !== source.length) throw new Error(`unparsable markup at ${consumed}: ${source.slice(consumed, consumed + 40)}`);
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  return elements;
}

const byName = (els: Element[], name: string) => els.filter((e) => e.name === name);
const bars = (els: Element[]) => els.filter((e) => e.name === 'rect' && e.attrs.class === 'bar');
/** The chart's visible labels, in document order. */
const textsOf = (els: Element[]) => byName(els, 'text').map((t) => t.text);
/** The chart's text alternative (its `<desc>`). */
const descOf = (els: Element[]) => byName(els, 'desc')[0]!.text;

/** Checks every chart must pass, whatever the data. */
function expectSafeChart(markup: SvgMarkup): Element[] {
  const text = String(markup);
  expect(text).not.toMatch(/NaN|Infinity|undefined|null|\[object/);
  expect(text).not.toMatch(/\sstyle=|<style|<script|\son\w+=|href=|<foreignObject|<image/i);
  const els = parseSvg(markup);
  const root = els[0]!;
  expect(root.name).toBe('svg');
  expect(root.attrs.role).toBe('img');
  expect(root.attrs.width).toBe('100%');
  expect(root.attrs.viewBox).toMatch(/^0 0 \d+(\.\d+)? \d+(\.\d+)?$/);
  const [title, desc] = [byName(els, 'title')[0]!, byName(els, 'desc')[0]!];
  expect(root.attrs['aria-labelledby']).toBe(`${title.attrs.id} ${desc.attrs.id}`);
  expect(desc.text.length).toBeGreaterThan(5);
  for (const el of els) {
    for (const attr of ['x', 'y', 'x1', 'x2', 'y1', 'y2', 'width', 'height']) {
      if (attr in el.attrs && !(el.name === 'svg' && attr === 'width')) {
        expect(Number(el.attrs[attr]), `${el.name} ${attr}`).toBeGreaterThanOrEqual(0);
      }
    }
  }
  // Every label fits inside the viewBox horizontally (by the layout's own width estimate).
  const width = Number(root.attrs.viewBox!.split(' ')[2]);
  for (const t of byName(els, 'text')) {
    const x = Number(t.attrs.x);
    const w = textWidth(t.text.replace(/&[^;]+;/g, '_'));
    const start = t.attrs['text-anchor'] === 'end' ? x - w : t.attrs['text-anchor'] === 'middle' ? x - w / 2 : x;
    expect(start, t.text).toBeGreaterThanOrEqual(0);
    expect(start + w, t.text).toBeLessThanOrEqual(width + 0.01);
  }
  return els;
}

function luminance(hex: string): number {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (l1! + 0.05) / (l2! + 0.05);
}

describe('niceScale', () => {
  it('picks round steps and a top just above the largest value', () => {
    expect(niceScale(0)).toEqual({ max: 1, step: 1, ticks: [0, 1], decimals: 0 });
    expect(niceScale(30).ticks).toEqual([0, 10, 20, 30]);
    expect(niceScale(31).ticks).toEqual([0, 10, 20, 30, 40]);
    expect(niceScale(97).ticks).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceScale(7).ticks).toEqual([0, 2, 4, 6, 8]);
    expect(niceScale(3, { integer: true }).ticks).toEqual([0, 1, 2, 3]);
    expect(niceScale(0.9)).toEqual({ max: 1, step: 0.2, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], decimals: 1 });
    expect(niceScale(0.3).ticks).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceScale(0.03, { integer: true }).ticks).toEqual([0, 1]);
    expect(niceScale(1e15).max).toBe(1e15);
  });

  it('always covers the value with 1, 2 or 5 × 10ⁿ steps and at most `count` intervals', () => {
    for (let i = 1; i < 4000; i += 1) {
      const value = (i * 7.31) ** 1.7 / 1000;
      const scale = niceScale(value, { count: 5 });
      expect(scale.max).toBeGreaterThanOrEqual(value);
      expect(scale.max - scale.step).toBeLessThan(value);
      expect(scale.ticks.length - 1).toBeLessThanOrEqual(5);
      expect(scale.ticks.length - 1).toBeGreaterThanOrEqual(2);
      const mantissa = scale.step / 10 ** Math.floor(Math.log10(scale.step) + 1e-9);
      expect([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-9)).toBe(true);
      expect(scale.ticks.every((t) => Number.isFinite(t) && String(t).length < 20)).toBe(true);
    }
  });

  it('treats NaN, negatives and Infinity as 0', () => {
    for (const bad of [Number.NaN, -5, Number.POSITIVE_INFINITY]) expect(niceScale(bad).max).toBe(1);
  });
});

describe('dailyVolumeChart', () => {
  it('draws one bar per day with tickets, heights proportional to the counts', () => {
    const els = expectSafeChart(dailyVolumeChart([
      { day: '2026-11-01', count: 4 },
      { day: '2026-11-02', count: 0 },
      { day: '2026-11-03', count: 8 },
    ]));
    const drawn = bars(els);
    expect(drawn).toHaveLength(2);
    expect(Number(drawn[1]!.attrs.height)).toBeCloseTo(2 * Number(drawn[0]!.attrs.height), 1);
    expect(textsOf(els)).toEqual(expect.arrayContaining(['0', '2', '4', '6', '8', 'Nov 1', 'Nov 2', 'Nov 3']));
    expect(descOf(els)).toContain('12 tickets created from 2026-11-01 to 2026-11-03 (3 days)');
    expect(descOf(els)).toContain('Busiest day 2026-11-03 with 8');
  });

  it('thins x labels for a year so they cannot overlap, always labelling the latest day', () => {
    const days = sampleDays(365);
    const els = expectSafeChart(dailyVolumeChart(days));
    const dayLabels = byName(els, 'text').filter((t) => /^[A-Z][a-z]{2} \d+$/.test(t.text));
    expect(dayLabels.length).toBeGreaterThan(4);
    expect(dayLabels.length).toBeLessThanOrEqual(14);
    expect(dayLabels[dayLabels.length - 1]!.text).toBe('Nov 30');
    // Estimated extents (the layout's own width estimate) never overlap and stay inside the chart.
    const extents = dayLabels.map((t) => {
      const x = Number(t.attrs.x);
      const w = textWidth(t.text);
      const start = t.attrs['text-anchor'] === 'end' ? x - w : t.attrs['text-anchor'] === 'start' ? x : x - w / 2;
      return [start, start + w] as const;
    });
    for (let i = 1; i < extents.length; i += 1) expect(extents[i]![0]).toBeGreaterThan(extents[i - 1]![1]);
    expect(extents[extents.length - 1]![1]).toBeLessThanOrEqual(640);
  });

  it('handles empty data, all zeros, one point, huge and invalid counts without NaN', () => {
    const empty = expectSafeChart(dailyVolumeChart([]));
    expect(byName(empty, 'text').map((t) => t.text)).toContain('No data yet');
    const zeros = expectSafeChart(dailyVolumeChart(sampleDays(10).map((d) => ({ ...d, count: 0 }))));
    expect(bars(zeros)).toHaveLength(0);
    expect(byName(zeros, 'text').map((t) => t.text)).toContain('No tickets created in this period');
    expect(bars(expectSafeChart(dailyVolumeChart([{ day: '2026-01-01', count: 1 }])))).toHaveLength(1);
    const huge = expectSafeChart(dailyVolumeChart([
      { day: '2026-01-01', count: 1e300 },
      { day: '2026-01-02', count: Number.NaN },
      { day: '2026-01-03', count: -3 },
      { day: '2026-01-04', count: Number.POSITIVE_INFINITY },
    ]));
    expect(bars(huge)).toHaveLength(1);
    expect(byName(huge, 'text').map((t) => t.text)).toContain('1,000,000,000,000,000');
  });

  it('escapes hostile day labels and titles, and derives ids from the given prefix', () => {
    const markup = dailyVolumeChart([{ day: HOSTILE, count: 2 }], { idPrefix: 'dash"vol', title: HOSTILE });
    const els = expectSafeChart(markup);
    expect(String(markup)).not.toContain('<script>');
    expect(byName(els, 'title')[0]!.text).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
    expect(byName(els, 'title')[0]!.attrs.id).toBe('dash-vol-title');
    expect(String(dailyVolumeChart([], { idPrefix: '9' }))).toContain('id="daily-volume-9-title"');
  });

  it('is deterministic and embeds in the admin views without double escaping', () => {
    const a = dailyVolumeChart(sampleDays(30), { idPrefix: 'v' });
    expect(String(a)).toBe(String(dailyVolumeChart(sampleDays(30), { idPrefix: 'v' })));
    expect(String(html`<div>${a}</div>`)).toBe(`<div>${String(a)}</div>`);
  });
});

describe('statusBacklogChart', () => {
  it('draws statuses in lifecycle order with the badge colours from the admin stylesheet', () => {
    expect(Object.keys(STATUS_COLOURS)).toEqual([...TICKET_STATUSES]);
    expect(STATUS_COLOURS.in_progress).toEqual({ fill: '#fef3c7', stroke: '#78350f' });
    const els = expectSafeChart(statusBacklogChart({ pending: 5, new: 10, custom_state: 1, open: 0 }));
    const rows = els.filter((e) => e.name === 'text' && e.attrs['text-anchor'] === 'end').map((t) => t.text);
    expect(rows).toEqual(['New', 'Open', 'Pending', 'Custom state']);
    const drawn = bars(els);
    expect(drawn.map((b) => b.attrs.fill)).toEqual(['#e0e7ff', '#ede9fe', '#f3f4f6']);
    expect(Number(drawn[0]!.attrs.width)).toBeCloseTo(2 * Number(drawn[1]!.attrs.width), 1);
    expect(descOf(els)).toBe('16 tickets in the backlog: New 10, Open 0, Pending 5, Custom state 1.');
  });

  it('escapes a hostile status and survives empty, zero and invalid counts', () => {
    const markup = statusBacklogChart({ [HOSTILE]: 3, open: Number.NaN, new: 1e99 });
    const els = expectSafeChart(markup);
    expect(String(markup)).not.toMatch(/<script|alert\("/);
    expect(byName(els, 'text').some((t) => t.text.startsWith('&lt;script&gt;alert(&quot;'))).toBe(true);
    expect(byName(expectSafeChart(statusBacklogChart({})), 'text').map((t) => t.text)).toEqual(['No data yet']);
    expect(bars(expectSafeChart(statusBacklogChart({ new: 0, open: 0 })))).toHaveLength(0);
  });
});

describe('attainmentChart', () => {
  it('computes attainment as fulfilled / (fulfilled + breached), never rounding to 0 or 100 wrongly', () => {
    expect(attainmentPercent({ fulfilled: 3, breached: 1 })).toBe(75);
    expect(attainmentPercent({ fulfilled: 2, breached: 1 })).toBe(66.7);
    expect(attainmentPercent({ fulfilled: 0, breached: 0 })).toBeNull();
    expect(attainmentPercent({ fulfilled: 99_999, breached: 1 })).toBe(99.9);
    expect(attainmentPercent({ fulfilled: 1, breached: 99_999 })).toBe(0.1);
    expect(attainmentPercent({ fulfilled: 0, breached: 4 })).toBe(0);
  });

  it('stacks met, breached, running and paused with a legend and the percentage', () => {
    const els = expectSafeChart(attainmentChart(SAMPLE_SLA));
    const segments = els.filter((e) => e.name === 'rect' && e.attrs.class?.startsWith('segment'));
    expect(segments.map((s) => s.attrs.class)).toEqual([
      'segment segment-fulfilled', 'segment segment-breached', 'segment segment-active',
      'segment segment-fulfilled', 'segment segment-breached', 'segment segment-active', 'segment segment-paused',
    ]);
    const widths = segments.map((s) => Number(s.attrs.width));
    expect(widths.slice(0, 3).reduce((a, b) => a + b)).toBeCloseTo(616, 0);
    expect(textsOf(els)).toEqual(expect.arrayContaining(['93.8% met', '88.1% met', 'Met', 'Breached', 'Running', 'Paused']));
    expect(descOf(els)).toBe(
      'First response: 93.8% of finished targets met (412 met, 27 breached, 18 running). ' +
        'Resolution: 88.1% of finished targets met (355 met, 48 breached, 41 running, 9 paused).',
    );
  });

  it('says "No data yet" for empty targets and keeps tiny segments visible', () => {
    const els = expectSafeChart(attainmentChart({
      first_response: { active: 0, fulfilled: 0, breached: 0 },
      resolution: { active: Number.NaN, fulfilled: 1e20, breached: 1 },
    }));
    expect(byName(els, 'text').filter((t) => t.text === 'No data yet')).toHaveLength(1);
    expect(descOf(els)).toMatch(/^First response: no data yet\. Resolution: 99\.9%/);
    const huge = { active: 1e13, paused: 1e13, fulfilled: 1e13, breached: 1e13 };
    expect(bars(expectSafeChart(attainmentChart({ first_response: huge, resolution: huge })))).toHaveLength(0);
    expect(segmentWidths([10_000, 1, 0], 600)).toEqual([597, 3, 0]);
    expect(segmentWidths([0, 0], 600)).toEqual([0, 0]);
  });
});

describe('percentileChart', () => {
  it('labels p50/p90/p95 bars on one shared axis with the unit', () => {
    const els = expectSafeChart(percentileChart(SAMPLE_PERCENTILES));
    const drawn = bars(els);
    expect(drawn).toHaveLength(6);
    expect(Number(drawn[5]!.attrs.width) / Number(drawn[0]!.attrs.width)).toBeCloseTo(71.25 / 1.25, 0);
    expect(textsOf(els)).toEqual(expect.arrayContaining(['1.25 h', '71.25 h', '0', '20', '60', '80 h']));
    expect(descOf(els)).toBe(
      'First response time: median 1.25 hours, 90th percentile 6.5 hours, 95th percentile 9.75 hours. ' +
        'Resolution time: median 18.4 hours, 90th percentile 52 hours, 95th percentile 71.25 hours.',
    );
  });

  it('shows missing groups and values as such, in minutes too', () => {
    const els = expectSafeChart(
      percentileChart({ response: { p50: 30, p90: null, p95: Number.NaN }, resolution: null }, 'minutes', { title: HOSTILE }),
    );
    expect(bars(els)).toHaveLength(2);
    expect(textsOf(els)).toEqual(expect.arrayContaining(['30 min', '—', 'No data yet']));
    expect(descOf(els)).toBe(
      'First response time: median 30 minutes, 90th percentile unknown, 95th percentile 0 minutes. Resolution time: no data yet.',
    );
    expectSafeChart(percentileChart({ response: null, resolution: null }));
    const huge = { p50: 1e12, p90: 5e14, p95: 1e300 };
    expect(bars(expectSafeChart(percentileChart({ response: huge, resolution: huge })))).toHaveLength(6);
  });
});

describe('chart colours', () => {
  it('meet WCAG AA: text ≥ 4.5:1 on the card and page backgrounds, shapes ≥ 3:1', () => {
    const charts = [
      dailyVolumeChart(sampleDays(30)),
      statusBacklogChart(SAMPLE_BACKLOG),
      attainmentChart(SAMPLE_SLA),
      percentileChart(SAMPLE_PERCENTILES),
    ];
    const textFills = new Set(charts.flatMap((c) => byName(parseSvg(c), 'text').map((t) => t.attrs.fill ?? '#111827')));
    for (const fill of textFills) {
      if (fill === ON_FILL) continue;
      expect(contrast(fill, '#ffffff'), fill).toBeGreaterThanOrEqual(4.5);
      expect(contrast(fill, '#f3f4f6'), fill).toBeGreaterThanOrEqual(4.5);
    }
    for (const colour of Object.values(OUTCOME_COLOURS)) {
      expect(contrast(ON_FILL, colour), colour).toBeGreaterThanOrEqual(4.5);
    }
    for (const colour of [...Object.values(OUTCOME_COLOURS), ...PERCENTILE_COLOURS, ACCENT, AXIS]) {
      expect(contrast(colour, '#ffffff'), colour).toBeGreaterThanOrEqual(3);
    }
    for (const { stroke } of Object.values(STATUS_COLOURS)) expect(contrast(stroke, '#ffffff')).toBeGreaterThanOrEqual(3);
  });
});

describe('sample renders', () => {
  it('writes one sample of each chart to test-artifacts/charts for a human to look at', () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const samples = {
      'daily-volume': dailyVolumeChart(sampleDays(30)),
      'status-backlog': statusBacklogChart(SAMPLE_BACKLOG),
      'sla-attainment': attainmentChart(SAMPLE_SLA),
      percentiles: percentileChart(SAMPLE_PERCENTILES),
    };
    for (const [name, chart] of Object.entries(samples)) {
      expectSafeChart(chart);
      writeFileSync(`${ARTIFACTS}${name}.svg`, String(chart));
    }
  });
});
