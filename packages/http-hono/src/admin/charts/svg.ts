import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { TEXT, MUTED } from './palette.js';

/**
 * SVG markup, already escaped: a string that hono's `html` tag (the admin's views) embeds as is.
 * `String(markup)` gives the plain text.
 */
export type SvgMarkup = HtmlEscapedString;

/** What may be interpolated: text (escaped), finished markup, or lists of markup. Numbers go through {@link n}. */
type Part = string | SvgMarkup | readonly SvgMarkup[];

/**
 * Builds markup with the admin's escaping (hono's `html` tag escapes every interpolated string).
 * Raw numbers are not accepted so a NaN can never reach the markup unformatted.
 */
export function svg(strings: TemplateStringsArray, ...values: Part[]): SvgMarkup {
  const out = html(strings, ...values);
  // Only strings and escaped strings go in, so hono returns synchronously; guard the type anyway.
  if (out instanceof Promise) throw new Error('chart markup must be synchronous');
  return out;
}

/** A coordinate or length for an attribute: rounded to 2 decimals, `0` for anything not finite. */
export function n(value: number): string {
  if (!Number.isFinite(value)) return '0';
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

/** The largest value a chart accepts; bigger inputs are clamped so scales never overflow. */
export const MAX_VALUE = 1e15;

/** A chart input as a finite number in `[0, MAX_VALUE]` (NaN, negatives and non-numbers become 0). */
export function clean(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return 0;
  return Math.min(value, MAX_VALUE);
}

/** An id-safe version of a caller's prefix (letters, digits, `-`, `_`), never empty. */
export function idPrefix(prefix: string | undefined, fallback: string): string {
  const safe = (prefix ?? '').replace(/[^A-Za-z0-9_-]/gu, '-');
  return /^[A-Za-z]/u.test(safe) ? safe : `${fallback}${safe ? `-${safe}` : ''}`;
}

/** Options every chart takes. */
export interface ChartOptions {
  /**
   * Prefix for the ids inside the SVG (`<title>`/`<desc>`); give each chart on a page its own.
   * Characters other than letters, digits, `-` and `_` are replaced.
   */
  idPrefix?: string;
  /** The accessible title (also the chart's name for screen readers). */
  title?: string;
}

/** Font size (in viewBox units) of ordinary chart text. */
export const FONT_SIZE = 12;
/** Width of the viewBox of every chart; the SVG scales to its container's width. */
export const CHART_WIDTH = 640;

/** Rough width of `text` at `fontSize` in the admin's system-ui font, for layout only. */
export function textWidth(text: string, fontSize = FONT_SIZE): number {
  // 0.64 em covers the widest common fallback (DejaVu Sans digits are 0.636 em).
  return text.length * fontSize * 0.64;
}

/** Shortens `text` to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

/**
 * The root element: responsive (`viewBox`, `width="100%"`), announced as one image whose name is
 * `title` and whose description is `desc` (the numbers in words). No `style` attributes: the admin's
 * CSP (`style-src 'self'`) would block them, so everything uses presentation attributes.
 */
export function frame(
  id: string,
  title: string,
  desc: string,
  height: number,
  body: SvgMarkup | readonly SvgMarkup[],
): SvgMarkup {
  return svg`<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="100%" viewBox="0 0 ${n(CHART_WIDTH)} ${n(height)}" aria-labelledby="${id}-title ${id}-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="${n(FONT_SIZE)}" fill="${TEXT}"><title id="${id}-title">${title}</title><desc id="${id}-desc">${desc}</desc>${body}</svg>`;
}

/** A centred muted message such as "No data yet". */
export function message(x: number, y: number, text: string, anchor: 'start' | 'middle' = 'middle'): SvgMarkup {
  return svg`<text class="no-data" x="${n(x)}" y="${n(y)}" text-anchor="${anchor}" fill="${MUTED}">${text}</text>`;
}
