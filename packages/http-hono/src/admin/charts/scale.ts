/** A linear axis from 0 to `max` with round tick values. */
export interface NiceScale {
  /** Top of the axis (≥ the largest value, a multiple of `step`). */
  max: number;
  /** Distance between ticks: 1, 2 or 5 times a power of ten. */
  step: number;
  /** Tick values from 0 to `max`, inclusive. */
  ticks: number[];
  /** Decimals needed to print every tick exactly. */
  decimals: number;
}

/**
 * Chooses an axis 0…max with about `count` intervals whose step is 1, 2 or 5 × 10ⁿ (never more
 * than `count` intervals). `integer` keeps steps ≥ 1 (ticket counts). A max of 0 gives the axis 0…1.
 */
export function niceScale(maxValue: number, options: { count?: number; integer?: boolean } = {}): NiceScale {
  const count = Math.max(1, Math.floor(options.count ?? 5));
  const value = Number.isFinite(maxValue) && maxValue > 0 ? maxValue : 0;
  if (value === 0) return { max: 1, step: 1, ticks: [0, 1], decimals: 0 };
  // step ≥ value / count, so at most `count` intervals are needed.
  let step = niceStep(value / count);
  if (options.integer && step < 1) step = 1;
  // Allow for float error (e.g. 0.30000000000000004) when counting the steps needed.
  const intervals = Math.ceil(value / step - 1e-9);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const ticks = Array.from({ length: intervals + 1 }, (_, i) => round(i * step, decimals));
  return { max: round(intervals * step, decimals), step, ticks, decimals };
}

/** The smallest nice number (1, 2 or 5 × 10ⁿ) at or above `raw`. */
function niceStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 5]) {
    if (factor * magnitude >= raw * (1 - 1e-9)) return factor * magnitude;
  }
  return 10 * magnitude;
}

function round(value: number, decimals: number): number {
  return Number(value.toFixed(Math.min(decimals, 20)));
}

const COUNT_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `12,345` — a count, rounded to a whole number, with thousands separators. */
export function formatCount(value: number): string {
  return COUNT_FORMAT.format(Number.isFinite(value) ? value : 0);
}

const COMPACT_FORMAT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** A count for tight spaces: `12,345` below a million, `1.2M`, `3.4B` above. */
export function formatCountShort(value: number): string {
  return Number.isFinite(value) && value >= 1e6 ? COMPACT_FORMAT.format(value) : formatCount(value);
}

/** A measure with up to `decimals` decimals, trailing zeros dropped: `2.5`, `12`, `1,234.57`. */
export function formatDecimal(value: number, decimals = 2): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals }).format(Number.isFinite(value) ? value : 0);
}

/**
 * Which of `count` evenly spaced labels to show so each gets `labelWidth` of the `slotWidth` each
 * item has: every k-th label, counted back from the last item so the latest one is always shown.
 */
export function labelStride(count: number, slotWidth: number, labelWidth: number): number {
  if (count <= 1 || slotWidth <= 0) return 1;
  return Math.max(1, Math.ceil(labelWidth / slotWidth));
}
