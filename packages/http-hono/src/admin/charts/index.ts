/**
 * Server-side SVG charts for the admin dashboard: pure functions from numbers to inline SVG
 * markup (no script, no `style` attributes, no external resources), safe under the admin's CSP.
 * Each returns escaped markup that hono's `html` tag embeds as is.
 */
export { dailyVolumeChart, type DailyCount } from './daily-volume.js';
export { statusBacklogChart } from './status-backlog.js';
export { attainmentChart, attainmentPercent, type SlaCounts, type TargetCounts } from './attainment.js';
export { percentileChart, type DurationPercentiles, type DurationUnit, type Percentiles } from './percentiles.js';
export { niceScale, type NiceScale } from './scale.js';
export type { ChartOptions, SvgMarkup } from './svg.js';
