import { SLA_TOTALS_COLUMNS, slaTotalsConditions } from '@tessera/store-kysely';
import { postgresDialect } from '../dialect.js';

// The SQL both running-totals tables are built from: `ticket_counts` (per group) and
// `ticket_day_counts` (per creation day and group). Their triggers, compactions and backfills, and
// the statistics' scan of a window's partial edge days, all derive a ticket's contribution here.

/** The columns the totals are grouped by. */
export const TOTALS_GROUP = ['status', 'priority', 'category', 'unassigned'] as const;

/** The summed columns of both tables. */
export const TOTALS_SUMS = ['n', 'resolved_n', 'resolved_seconds', ...SLA_TOTALS_COLUMNS] as const;

/** A ticket row's creation day in UTC: the extra dimension of `ticket_day_counts`. */
export const CREATION_DAY_SQL = `(created_at at time zone 'UTC')::date`;

/**
 * Per column of the totals, a ticket row's contribution (SQL over the row's own columns): its
 * group, one ticket, its resolution time when resolved (exact numeric), its SLA counters.
 */
export function contributionColumns(): Record<(typeof TOTALS_GROUP)[number] | (typeof TOTALS_SUMS)[number], string> {
  const sla = slaTotalsConditions(postgresDialect);
  return {
    status: 'status',
    priority: 'priority',
    category: 'category',
    unassigned: 'assigned_to_id is null',
    n: '1',
    resolved_n: '(resolved_at is not null)::int',
    resolved_seconds: 'coalesce(extract(epoch from resolved_at - created_at), 0)',
    ...(Object.fromEntries(SLA_TOTALS_COLUMNS.map((c) => [c, `(coalesce(${sla[c]}, false))::int`])) as Record<
      (typeof SLA_TOTALS_COLUMNS)[number],
      string
    >),
  };
}

/** The SELECT of the contributions of `rows` (a table or transition table), negated with sign `-`. */
export function contributionSql(rows: string, sign: '+' | '-', options: { byDay?: boolean } = {}): string {
  const columns = contributionColumns();
  const group = TOTALS_GROUP.map((c) => (c === columns[c] ? c : `${columns[c]} as ${c}`));
  const sums = TOTALS_SUMS.map((c) => `${sign}${columns[c]} as ${c}`);
  const day = options.byDay ? [`${CREATION_DAY_SQL} as day`] : [];
  return `
    select ${[...day, ...group].join(', ')},
           ${sums.join(',\n           ')}
    from ${rows}`;
}

/** `source`'s rows folded to one per group (with `day` first when `byDay`), dropping groups that sum to nothing. */
export function foldedSql(source: string, options: { byDay?: boolean } = {}): string {
  const group = [...(options.byDay ? ['day'] : []), ...TOTALS_GROUP].join(', ');
  return `
    select ${group}, ${TOTALS_SUMS.map((c) => `sum(${c})`).join(', ')}
    from ${source}
    group by ${group}
    having ${TOTALS_SUMS.map((c) => `sum(${c}) <> 0`).join(' or ')}`;
}

/** The column list of an INSERT into one of the tables. */
export function totalsColumns(options: { byDay?: boolean } = {}): string {
  return [...(options.byDay ? ['day'] : []), ...TOTALS_GROUP, ...TOTALS_SUMS].join(', ');
}

/** `create or replace` of a statement-level trigger function running `body` (in schema `s`, quoted). */
export function triggerFunctionSql(s: string, name: string, body: string): string {
  return `create or replace function ${s}.${name}() returns trigger language plpgsql as $fn$
     begin ${body}; return null; end $fn$`;
}
