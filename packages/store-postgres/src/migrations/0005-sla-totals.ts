import { sql, type Migration } from 'kysely';
import { SLA_TOTALS_COLUMNS, slaTotalsConditions } from '@tessera/store-kysely';
import { postgresDialect } from '../dialect.js';

const GROUP = 'status, priority, category, unassigned';
const SUMS = ['n', 'resolved_n', 'resolved_seconds', ...SLA_TOTALS_COLUMNS];

/**
 * `ticket_counts` with SLA counters: per group, recorded breaches ("breached now" minus the
 * unrecorded past-due range) and tickets per target clock state, so the breached count and the SLA
 * statistics sum a few delta rows instead of reading every matching ticket. The trigger functions
 * and the compaction are replaced to carry the new columns; existing tickets are backfilled as one
 * more delta row per group. Tickets are locked against writes meanwhile, so no change is counted
 * twice or missed.
 */
export function slaTotals(schema: string): Migration {
  const s = `"${schema}"`;
  const conditions = slaTotalsConditions(postgresDialect);
  // A ticket's contribution: one ticket, its resolution time when resolved, its SLA counters.
  const contribution = (rows: string, sign: string) => `
    select ${GROUP.replace('unassigned', 'assigned_to_id is null as unassigned')},
           ${sign}1 as n,
           ${sign}(resolved_at is not null)::int as resolved_n,
           ${sign}coalesce(extract(epoch from resolved_at - created_at), 0) as resolved_seconds,
           ${SLA_TOTALS_COLUMNS.map((c) => `${sign}(coalesce(${conditions[c]}, false))::int as ${c}`).join(',\n           ')}
    from ${rows}`;
  const folded = (source: string) => `
    select ${GROUP}, ${SUMS.map((c) => `sum(${c})`).join(', ')}
    from ${source}
    group by ${GROUP}
    having ${SUMS.map((c) => `sum(${c}) <> 0`).join(' or ')}`;
  const apply = (source: string) => `insert into ${s}.ticket_counts (${GROUP}, ${SUMS.join(', ')}) ${folded(`(${source}) d`)}`;
  const fn = (name: string, body: string) =>
    `create or replace function ${s}.${name}() returns trigger language plpgsql as $fn$
     begin ${body}; return null; end $fn$`;
  return {
    async up(db) {
      const statements = [
        `lock table ${s}.tickets in share row exclusive mode`,
        ...SLA_TOTALS_COLUMNS.map((c) => `alter table ${s}.ticket_counts add column ${c} bigint not null default 0`),
        fn('tickets_counts_insert', apply(contribution('new_rows', '+'))),
        fn('tickets_counts_delete', apply(contribution('old_rows', '-'))),
        fn('tickets_counts_update', apply(`${contribution('old_rows', '-')} union all ${contribution('new_rows', '+')}`)),
        `create or replace function ${s}.compact_ticket_counts() returns bigint language sql as $fn$
           with gone as (delete from ${s}.ticket_counts returning *),
           kept as (insert into ${s}.ticket_counts (${GROUP}, ${SUMS.join(', ')}) ${folded('gone')} returning 1)
           select count(*) from kept
         $fn$`,
        // The existing tickets' SLA counters (their ticket counts are already there).
        `insert into ${s}.ticket_counts (${GROUP}, ${SUMS.join(', ')})
           select ${GROUP}, 0, 0, 0, ${SLA_TOTALS_COLUMNS.map((c) => `sum(${c})`).join(', ')}
           from (${contribution(`${s}.tickets`, '+')}) d
           group by ${GROUP}
           having ${SLA_TOTALS_COLUMNS.map((c) => `sum(${c}) <> 0`).join(' or ')}`,
      ];
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}
