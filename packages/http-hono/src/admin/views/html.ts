import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/**
 * Rendered markup. Built only with hono's `html` tag, which escapes every interpolated
 * string, so user data can never become markup.
 */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Human label of a code: `in_progress` → `In progress`. */
export function humanize(code: string): string {
  const spaced = code.replace(/_/gu, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** `2026-01-31 09:15 UTC`, inside a `<time>` element; an em dash for null. */
export function dateTime(value: Date | null | undefined): Html {
  if (!value) return html`<span class="muted">—</span>`;
  const iso = value.toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC</time>`;
}

/** Hours with two decimals, or an em dash. */
export function hours(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value.toFixed(2)} h`;
}

/** A colour-coded badge for a status or priority code. */
export function badge(kind: string, code: string): Html {
  return html`<span class="badge ${kind}-${code}">${humanize(code)}</span>`;
}

/** Builds a query string from the defined, non-empty entries of `params`. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

/** Flash message kinds, styled differently. */
export type FlashKind = 'success' | 'error' | 'info';

/** A one-time message shown at the top of the next page. */
export interface Flash {
  kind: FlashKind;
  text: string;
}

/** Renders notices; errors are announced by screen readers immediately. */
export function notices(flashes: readonly Flash[]): Html {
  return html`${flashes.map(
    (f) =>
      html`<div class="notice notice-${f.kind}" role="${f.kind === 'error' ? 'alert' : 'status'}">${f.text}</div>`,
  )}`;
}
