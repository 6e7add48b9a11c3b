import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { RECORDED_BREACH_AT, type SlaStatistics, type TicketFilter } from '@tessera/core';
import type { StoreDialect } from './dialect.js';
import { activeFilterKeys, TOTALS_DIMENSIONS } from './running-totals.js';
import { booleanLiteral, SLA_BREACH_AT_COLUMN, SLA_TARGET_COLUMNS, slaPendingSql, type SlaTargetName } from './sla-sql.js';

// SLA counters of the running totals. "Breached now" depends on the clock, so the totals keep only
// what does not: recorded breaches and clock states. The part that moves with `now` — running
// clocks whose due time passed with nothing recorded yet — is counted from the SLA partial
// indexes (`tick` keeps that range short: it records those breaches every 30 s).
// totals(state) + pastDue(now) equals the row-by-row SQL of `sla-sql.ts` exactly.

/** The SLA counter columns of `ticket_counts` (same names on every dialect). */
export const SLA_TOTALS_COLUMNS = [
  'sla_breached',
  'fr_running',
  'fr_stopped',
  'fr_breached',
  'res_running',
  'res_paused',
  'res_fulfilled',
  'res_breached',
] as const;
export type SlaTotalsColumn = (typeof SLA_TOTALS_COLUMNS)[number];

/** The SLA counter columns of a store's running-totals table, for its Kysely table type. */
export type SlaTotalsTable = Record<SlaTotalsColumn, number>;

/** The epoch (a recorded breach's `sla_breach_at`) as a SQL literal of the dialect's timestamp. */
export function recordedBreachLiteral(dialect: StoreDialect): string {
  const encoded = dialect.time.encode(RECORDED_BREACH_AT);
  return typeof encoded === 'number' ? String(encoded) : `'${RECORDED_BREACH_AT.toISOString()}'`;
}

/**
 * Per counter, the condition (SQL text over columns prefixed with `qualifier`, e.g. `new.`) under
 * which a ticket row adds one to it (never NULL). Used by the triggers and by the upgrade's backfill.
 */
export function slaTotalsConditions(dialect: StoreDialect, qualifier = ''): Record<SlaTotalsColumn, string> {
  const q = qualifier;
  const no = booleanLiteral(dialect, false);
  const yes = booleanLiteral(dialect, true);
  const fr = SLA_TARGET_COLUMNS.first_response;
  const res = SLA_TARGET_COLUMNS.resolution;
  // "Running with a due time": a running clock without one never reads as breached or active in the SQL rules.
  const running = (c: typeof fr | typeof res) => `${q}${c.clock} = 'running' AND ${q}${c.breached} = ${no} AND ${q}${c.due} IS NOT NULL`;
  return {
    sla_breached: `${q}${SLA_BREACH_AT_COLUMN} IS NOT NULL AND ${q}${SLA_BREACH_AT_COLUMN} <= ${recordedBreachLiteral(dialect)}`,
    fr_running: running(fr),
    fr_stopped: `${q}${fr.clock} = 'stopped' AND ${q}${fr.breached} = ${no}`,
    fr_breached: `${q}${fr.breached} = ${yes}`,
    res_running: running(res),
    res_paused: `${q}${res.clock} = 'paused' AND ${q}${res.breached} = ${no}`,
    res_fulfilled: `${q}${res.clock} = 'fulfilled' AND ${q}${res.breached} = ${no}`,
    res_breached: `${q}${res.breached} = ${yes}`,
  };
}

/**
 * A target's clock past its due time at `now` with no breach recorded yet, spelled as the
 * target's partial index (`slaPendingSql`) so the count is a range over that index.
 */
export function slaPastDueCondition(dialect: StoreDialect, target: SlaTargetName, now: Date, qualifier = ''): RawBuilder<SqlBool> {
  const due = `${qualifier}${SLA_TARGET_COLUMNS[target].due}`;
  return sql<SqlBool>`${sql.raw(slaPendingSql(dialect, target, qualifier))} AND ${sql.raw(due)} < ${dialect.time.encode(now)}`;
}

/**
 * "Breached now" without a recorded breach: `sla_breach_at` between the epoch and `now` (one range
 * of the `tickets_sla_breach_at` index). Recorded breaches come from the `sla_breached` counter.
 */
export function slaUnrecordedBreachCondition(dialect: StoreDialect, now: Date, qualifier = ''): RawBuilder<SqlBool> {
  const column = sql.raw(`${qualifier}${SLA_BREACH_AT_COLUMN}`);
  return sql<SqlBool>`${column} > ${dialect.time.encode(RECORDED_BREACH_AT)} AND ${column} < ${dialect.time.encode(now)}`;
}

/** A filter the totals can count with the SLA counters: its grouping part, and which side of "breached now" it wants. */
export interface BreachedCountPlan {
  groups: TicketFilter;
  breached: boolean;
}

/**
 * Whether a count over `filter` can come from the totals' `sla_breached` counter plus the short
 * unrecorded range: the filter uses only the totals dimensions and `slaBreached` (or
 * `slaStatus: 'breached'`, the same set). Null otherwise.
 */
export function breachedCountPlan(filter: TicketFilter): BreachedCountPlan | null {
  const dimensions: readonly string[] = TOTALS_DIMENSIONS;
  const keys = activeFilterKeys(filter);
  if (!keys.every((key) => dimensions.includes(key) || key === 'slaBreached' || key === 'slaStatus')) return null;
  if (filter.slaStatus !== undefined && filter.slaStatus !== 'breached') return null;
  if (filter.slaStatus === undefined && filter.slaBreached === undefined) return null;
  // `slaStatus: breached` with `slaBreached: false` matches nothing; rare enough for the plain count.
  if (filter.slaStatus === 'breached' && filter.slaBreached === false) return null;
  const { slaBreached: _b, slaStatus: _s, ...groups } = filter;
  return { groups, breached: filter.slaBreached ?? true };
}

/** Sums of the SLA counters (null sums, when nothing matched, count as 0). */
export type SlaTotals = Partial<Record<SlaTotalsColumn, number | string | null>>;

/** SLA attainment from the counters' sums and the per-target counts of unrecorded past-due clocks. */
export function slaStatisticsFromTotals(totals: SlaTotals, pastDue: Record<SlaTargetName, number>): SlaStatistics {
  const n = (key: SlaTotalsColumn) => Number(totals[key] ?? 0);
  return {
    firstResponse: {
      active: n('fr_running') - pastDue.first_response,
      fulfilled: n('fr_stopped'),
      breached: n('fr_breached') + pastDue.first_response,
    },
    resolution: {
      active: n('res_running') - pastDue.resolution,
      paused: n('res_paused'),
      fulfilled: n('res_fulfilled'),
      breached: n('res_breached') + pastDue.resolution,
    },
  };
}
