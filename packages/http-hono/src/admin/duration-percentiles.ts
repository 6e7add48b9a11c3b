import type { TicketPercentiles } from '@tessera/core';
import type { DurationPercentiles, DurationUnit, Percentiles } from './charts/index.js';

/** What the dashboard's duration chart draws: the service's percentiles in one unit, with the window and sample sizes. */
export interface DashboardDurations {
  /** Per duration p50/p90/p95 in `unit`; null when no ticket in the window has that duration. */
  values: DurationPercentiles;
  unit: DurationUnit;
  /** First day of the window (`YYYY-MM-DD`, UTC); the window runs to now. */
  since: string;
  /** Tickets created in the window, answered, resolved. */
  tickets: number;
  responded: number;
  resolved: number;
}

const SECONDS: Record<DurationUnit, number> = { minutes: 60, hours: 3600 };
// Below two hours at the top, minutes read better than fractions of an hour.
const MINUTES_BELOW_SECONDS = 2 * 3600;

function pick(d: TicketPercentiles['firstResponse'], unit: DurationUnit): Percentiles | null {
  if (d.sampleSize === 0) return null;
  const at = (p: number) => {
    const s = d.seconds[String(p)];
    return s === null || s === undefined ? null : s / SECONDS[unit];
  };
  return { p50: at(50), p90: at(90), p95: at(95) };
}

/** The chart's model from `tickets.percentiles` (asked with the default 50/90/95) over tickets created since `since`. */
export function durationPercentiles(result: TicketPercentiles, since: string): DashboardDurations {
  const top = Math.max(0, ...[result.firstResponse, result.resolution].flatMap((d) => Object.values(d.seconds).map((s) => s ?? 0)));
  const unit: DurationUnit = top < MINUTES_BELOW_SECONDS ? 'minutes' : 'hours';
  return {
    values: { response: pick(result.firstResponse, unit), resolution: pick(result.resolution, unit) },
    unit,
    since,
    tickets: result.tickets,
    responded: result.firstResponse.sampleSize,
    resolved: result.resolution.sampleSize,
  };
}
