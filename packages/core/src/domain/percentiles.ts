import { z } from 'zod';
import { ticketListFiltersSchema } from './inputs.js';

/**
 * Duration percentiles by the nearest-rank rule, the one every store applies.
 *
 * The p-th percentile (0 < p ≤ 100) of n durations sorted ascending is the duration at 1-based
 * rank ⌈p × n / 100⌉: always one of the samples (never an interpolation between two), so p100 is
 * the maximum, any p of one sample is that sample, and no sample means no value. Percentiles are
 * given in steps of 0.01 and the rank is computed in integers on hundredths of a percent, so the
 * SQL stores (integer division) and the memory store agree exactly, with no float rounding.
 */

/** Hundredths of a percent in 100 %. */
export const PERCENTILE_SCALE = 10_000;
/** Percentiles computed when none are asked for. */
export const DEFAULT_PERCENTILES: readonly number[] = [50, 90, 95];
/** Most percentiles one query may ask for. */
export const MAX_PERCENTILES = 10;

/** A percentile (e.g. `99.9`) in hundredths of a percent (`9990`). */
export function percentileHundredths(percentile: number): number {
  return Math.round(percentile * 100);
}

/**
 * The 1-based nearest rank of a percentile, given in hundredths (1…10000), among `count` sorted
 * samples: ⌈hundredths × count / 10000⌉; 0 when there are no samples. Integer arithmetic only, as
 * the SQL stores compute it (`(h * n + 9999) / 10000`).
 */
export function nearestRank(hundredths: number, count: number): number {
  return Math.floor((hundredths * count + PERCENTILE_SCALE - 1) / PERCENTILE_SCALE);
}

/** The nearest-rank value of each percentile (hundredths) over `samples`; null each when empty. */
export function nearestRankValues(samples: readonly number[], hundredths: readonly number[]): (number | null)[] {
  const sorted = [...samples].sort((a, b) => a - b);
  return hundredths.map((h) => (sorted.length === 0 ? null : sorted[nearestRank(h, sorted.length) - 1]!));
}

const percentileSchema = z
  .number()
  .min(0.01)
  .max(100)
  .refine((p) => Math.abs(p * 100 - Math.round(p * 100)) < 1e-9, {
    params: { code: 'invalid', message: 'Use at most two decimal places.' },
  });

/**
 * Query of `tickets.percentiles`: the list filters (the window is `createdAfter`/`createdBefore`,
 * both inclusive) and the percentiles wanted (each 0.01…100 in steps of 0.01, at most
 * {@link MAX_PERCENTILES}; default 50, 90, 95).
 */
export const ticketPercentilesQuerySchema = ticketListFiltersSchema.extend({
  percentiles: z.array(percentileSchema).min(1).max(MAX_PERCENTILES).optional(),
});
export type TicketPercentilesQuery = z.input<typeof ticketPercentilesQuerySchema>;

const DECIMAL = /^\d{1,3}(?:\.\d{1,2})?$/u;

/**
 * `percentiles` in a query string: comma-separated decimals (`50,90,99.9`). Each item must be a
 * plain decimal number (code `invalid` otherwise); ranges and the count are the service's rules.
 */
export const percentilesParam = z
  .string()
  .superRefine((s, ctx) => {
    const bad = s.split(',').find((item) => !DECIMAL.test(item.trim()));
    if (bad !== undefined) {
      ctx.addIssue({ code: 'custom', input: s, params: { code: 'invalid', message: `"${bad.trim()}" is not a percentile: use comma-separated numbers such as 50,90,99.9.` } });
    }
  })
  .transform((s) => s.split(',').map((item) => Number(item.trim())))
  .meta({ type: 'string', example: '50,90,95', description: 'Comma-separated percentiles, each 0.01–100 in steps of 0.01 (at most 10); default 50,90,95.' });
