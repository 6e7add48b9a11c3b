import { TICKET_STATUSES } from '@tessera/core';
import { ADMIN_CSS } from '../assets/admin-css.js';

// Text colours of the admin stylesheet (--fg, --muted): ≥ 4.5:1 on white cards and the #f3f4f6 page.
/** Body text. */
export const TEXT = '#111827';
/** Secondary text. */
export const MUTED = '#4b5563';
/** Gridlines (decorative; values are also printed as text). */
export const GRID = '#e5e7eb';
/** Axis lines and tick marks: ≥ 3:1 against white. */
export const AXIS = '#6b7280';
/** The admin's accent blue, used for the main series. */
export const ACCENT = '#1d4ed8';
/** Text on the coloured series fills below (each ≥ 4.5:1 behind white text). */
export const ON_FILL = '#ffffff';

/** Series colours for SLA outcomes: each ≥ 3:1 against white and ≥ 4.5:1 behind white text. */
export const OUTCOME_COLOURS = {
  fulfilled: '#15803d',
  breached: '#b91c1c',
  active: '#1d4ed8',
  paused: '#6d28d9',
} as const;

/** Shades for p50 / p90 / p95 bars, lightest first; each ≥ 3:1 against white. */
export const PERCENTILE_COLOURS = ['#3b82f6', '#1d4ed8', '#1e3a8a'] as const;

/** A status's colours in the admin: badge background (`fill`) and badge text (`stroke`). */
export interface StatusColour {
  fill: string;
  stroke: string;
}

/** Colours for statuses the stylesheet does not know. */
export const UNKNOWN_STATUS_COLOUR: StatusColour = { fill: '#f3f4f6', stroke: '#374151' };

/**
 * The status badge colours, read from the admin stylesheet (`.status-<code> { background: …; color: … }`)
 * so the charts and the badges cannot drift apart.
 */
export const STATUS_COLOURS: Readonly<Record<string, StatusColour>> = readStatusColours(ADMIN_CSS);

function readStatusColours(css: string): Record<string, StatusColour> {
  const colours: Record<string, StatusColour> = {};
  for (const status of TICKET_STATUSES) {
    const rule = new RegExp(`\\.status-${status}\\s*\\{([^}]*)\\}`, 'u').exec(css)?.[1] ?? '';
    const fill = /background:\s*(#[0-9a-fA-F]{3,8})/u.exec(rule)?.[1];
    const stroke = /(?:^|[;\s])color:\s*(#[0-9a-fA-F]{3,8})/u.exec(rule)?.[1];
    if (fill && stroke) colours[status] = { fill, stroke };
  }
  return colours;
}

/** The colours of `status`, falling back to neutral ones. */
export function statusColour(status: string): StatusColour {
  return Object.hasOwn(STATUS_COLOURS, status) ? STATUS_COLOURS[status]! : UNKNOWN_STATUS_COLOUR;
}
