import type { DailyCount, DurationPercentiles, SlaCounts } from '../src/admin/charts/index.js';

/** Thirty days of plausible volume, zero-filled, ending 2026-11-30 (deterministic). */
export function sampleDays(count = 30): DailyCount[] {
  const start = Date.UTC(2026, 10, 30) - (count - 1) * 86_400_000;
  return Array.from({ length: count }, (_, i) => {
    const day = new Date(start + i * 86_400_000);
    const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
    const count = weekend ? (i * 7) % 4 : 12 + ((i * 37) % 19);
    return { day: day.toISOString().slice(0, 10), count };
  });
}

export const SAMPLE_BACKLOG = { new: 14, open: 37, in_progress: 22, pending: 9, reopened: 3 };

export const SAMPLE_SLA: SlaCounts = {
  first_response: { active: 18, fulfilled: 412, breached: 27 },
  resolution: { active: 41, paused: 9, fulfilled: 355, breached: 48 },
};

export const SAMPLE_PERCENTILES: DurationPercentiles = {
  response: { p50: 1.25, p90: 6.5, p95: 9.75 },
  resolution: { p50: 18.4, p90: 52, p95: 71.25 },
};
