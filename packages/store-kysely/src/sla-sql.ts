import { sql, type AliasedRawBuilder, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { TICKET_FIELDS, type SlaStatus, type TicketFilter } from '@tessera/core';
import type { StoreDialect } from './dialect.js';

// Core's SLA read rules (`evaluateSla`) as SQL over the stored clock columns, generated once for
// every dialect. A target is missed when its breach is recorded, or its clock runs past the due time
// with nothing recorded yet; the second form is spelled exactly as the partial indexes
// `slaIndexDdl` builds, so "breached now" and `tick` are range scans over unrecorded running clocks.

const C = {
  frClock: TICKET_FIELDS.slaFirstResponseClock.column,
  frDue: TICKET_FIELDS.slaFirstResponseDueAt.column,
  frBreached: TICKET_FIELDS.slaFirstResponseBreached.column,
  resClock: TICKET_FIELDS.slaResolutionClock.column,
  resDue: TICKET_FIELDS.slaResolutionDueAt.column,
  resBreached: TICKET_FIELDS.slaResolutionBreached.column,
  breachAt: TICKET_FIELDS.slaBreachAt.column,
} as const;

/** The column holding the instant from which a ticket reads as breached (`breached now` = `< now`). */
export const SLA_BREACH_AT_COLUMN = C.breachAt;

/** The columns of the two SLA targets. */
export const SLA_TARGET_COLUMNS = {
  first_response: { clock: C.frClock, due: C.frDue, breached: C.frBreached },
  resolution: { clock: C.resClock, due: C.resDue, breached: C.resBreached },
} as const;
export type SlaTargetName = keyof typeof SLA_TARGET_COLUMNS;

/** A boolean literal as the dialect stores it (`1`/`0` on SQLite, `true`/`false` on PostgreSQL). */
export function booleanLiteral(dialect: StoreDialect, value: boolean): string {
  const encoded = dialect.codecs.boolean ? dialect.codecs.boolean.encode(value) : value;
  return String(encoded);
}

/**
 * `<clock> = 'running' AND <breached> = false`: the predicate of a target's partial due-time index
 * (unrecorded running clocks). Shared by migrations, filters, statistics and `tick`.
 */
export function slaPendingSql(dialect: StoreDialect, target: SlaTargetName, qualifier = ''): string {
  const c = SLA_TARGET_COLUMNS[target];
  return `${qualifier}${c.clock} = 'running' AND ${qualifier}${c.breached} = ${booleanLiteral(dialect, false)}`;
}

/** Index DDL bodies (`name`, `columns`, `where`) for the SLA partial indexes of `tickets`. */
export function slaIndexes(dialect: StoreDialect): { name: string; columns: string; where: string }[] {
  return (Object.keys(SLA_TARGET_COLUMNS) as SlaTargetName[]).flatMap((target) => {
    const c = SLA_TARGET_COLUMNS[target];
    return [
      // Running, unrecorded: "breached now" = due < now; `tick` walks the same range.
      { name: `tickets_sla_${target}_pending`, columns: `${c.due}, id`, where: slaPendingSql(dialect, target) },
    ];
  }).concat([
    // "Breached now" (`sla_breach_at < now`) as one range over this index.
    { name: 'tickets_sla_breach_at', columns: `${C.breachAt}, id`, where: `${C.breachAt} IS NOT NULL` },
  ]);
}

/** SQL pieces of the SLA rules at `now` for one table qualifier. */
export function slaExpressions(dialect: StoreDialect, now: Date, qualifier = '', steer: (column: string) => string = (c) => c) {
  const q = qualifier;
  const t = dialect.time.encode(now);
  const yes = booleanLiteral(dialect, true);
  const missed = (target: SlaTargetName): RawBuilder<SqlBool> => {
    const c = SLA_TARGET_COLUMNS[target];
    return sql<SqlBool>`(${sql.raw(`${q}${c.breached} = ${yes}`)} OR (${sql.raw(slaPendingSql(dialect, target, q))} AND ${sql.raw(`${q}${c.due}`)} < ${t}))`;
  };
  const frMissed = missed('first_response');
  const resMissed = missed('resolution');
  // Equivalent to `frMissed OR resMissed` (the service and tick keep the column so), but one index range.
  const breached = sql<SqlBool>`${sql.raw(steer(`${q}${C.breachAt}`))} < ${t}`;
  const raw = (text: string) => sql<SqlBool>`${sql.raw(text)}`;
  const notBreached = sql<SqlBool>`(${sql.raw(`${q}${C.breachAt}`)} IS NULL OR NOT ${breached})`;
  const none = raw(`(${q}${C.frClock} = 'none' AND ${q}${C.resClock} = 'none')`);
  const status: Record<SlaStatus, RawBuilder<SqlBool>> = {
    none,
    breached,
    paused: sql<SqlBool>`(${notBreached} AND ${raw(`${q}${C.resClock} = 'paused'`)})`,
    active: sql<SqlBool>`(${notBreached} AND ${raw(
      `${q}${C.resClock} <> 'paused' AND (${q}${C.frClock} = 'running' OR ${q}${C.resClock} = 'running')`,
    )})`,
    fulfilled: sql<SqlBool>`(${notBreached} AND ${raw(
      `${q}${C.frClock} <> 'running' AND ${q}${C.resClock} IN ('none', 'fulfilled') AND NOT (${q}${C.frClock} = 'none' AND ${q}${C.resClock} = 'none')`,
    )})`,
  };
  return { frMissed, resMissed, breached, status };
}

/** The conditions of a filter's `slaStatus` and `slaBreached` (none when absent). */
export function slaConditions(
  dialect: StoreDialect,
  filter: TicketFilter,
  now: Date,
  qualifier = '',
  steer?: (column: string) => string,
): Expression<SqlBool>[] {
  if (filter.slaStatus === undefined && filter.slaBreached === undefined) return [];
  const e = slaExpressions(dialect, now, qualifier, steer);
  const out: Expression<SqlBool>[] = [];
  if (filter.slaStatus !== undefined) out.push(e.status[filter.slaStatus]);
  if (filter.slaBreached === true) out.push(e.breached);
  if (filter.slaBreached === false) out.push(sql<SqlBool>`(${sql.raw(`${qualifier}${C.breachAt}`)} IS NULL OR NOT ${e.breached})`);
  return out;
}

/** Names of the columns {@link slaStatisticsSelections} returns. */
export const SLA_STATISTICS_COLUMNS = [
  'fr_active',
  'fr_fulfilled',
  'fr_breached',
  'res_active',
  'res_paused',
  'res_fulfilled',
  'res_breached',
] as const;

/**
 * Conditional counts of the SLA statistics at `now` (one aggregate pass over the matching rows):
 * a missed target is `breached`; otherwise running → active, paused → paused, stopped/fulfilled → fulfilled.
 */
export function slaStatisticsSelections(dialect: StoreDialect, now: Date, qualifier = ''): AliasedRawBuilder<number, string>[] {
  const q = qualifier;
  const e = slaExpressions(dialect, now, q);
  const count = (cond: RawBuilder<SqlBool>, name: string) => sql<number>`sum(CASE WHEN ${cond} THEN 1 ELSE 0 END)`.as(name);
  const raw = (text: string) => sql<SqlBool>`${sql.raw(text)}`;
  const not = (cond: RawBuilder<SqlBool>) => sql<SqlBool>`NOT ${cond}`;
  const and = (a: RawBuilder<SqlBool>, b: RawBuilder<SqlBool>) => sql<SqlBool>`(${a} AND ${b})`;
  return [
    count(and(not(e.frMissed), raw(`${q}${C.frClock} = 'running'`)), 'fr_active'),
    count(and(not(e.frMissed), raw(`${q}${C.frClock} = 'stopped'`)), 'fr_fulfilled'),
    count(e.frMissed, 'fr_breached'),
    count(and(not(e.resMissed), raw(`${q}${C.resClock} = 'running'`)), 'res_active'),
    count(and(not(e.resMissed), raw(`${q}${C.resClock} = 'paused'`)), 'res_paused'),
    count(and(not(e.resMissed), raw(`${q}${C.resClock} = 'fulfilled'`)), 'res_fulfilled'),
    count(e.resMissed, 'res_breached'),
  ];
}

/** A row of {@link slaStatisticsSelections} as core's `SlaStatistics`. */
export function toSlaStatistics(row: Partial<Record<(typeof SLA_STATISTICS_COLUMNS)[number], number | string | null>>) {
  const n = (key: (typeof SLA_STATISTICS_COLUMNS)[number]) => Number(row[key] ?? 0);
  return {
    firstResponse: { active: n('fr_active'), fulfilled: n('fr_fulfilled'), breached: n('fr_breached') },
    resolution: { active: n('res_active'), paused: n('res_paused'), fulfilled: n('res_fulfilled'), breached: n('res_breached') },
  };
}
