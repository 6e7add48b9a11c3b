import { sql, type Migration } from 'kysely';
import { SLA_TOTALS_COLUMNS } from '@tessera/store-kysely';
import { contributionSql, foldedSql, TOTALS_GROUP, totalsColumns, triggerFunctionSql } from './running-totals-sql.js';

const GROUP = TOTALS_GROUP.join(', ');

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
  const apply = (source: string) => `insert into ${s}.ticket_counts (${totalsColumns()}) ${foldedSql(`(${source}) d`)}`;
  const fn = (name: string, body: string) => triggerFunctionSql(s, name, body);
  return {
    async up(db) {
      const statements = [
        `lock table ${s}.tickets in share row exclusive mode`,
        ...SLA_TOTALS_COLUMNS.map((c) => `alter table ${s}.ticket_counts add column ${c} bigint not null default 0`),
        fn('tickets_counts_insert', apply(contributionSql('new_rows', '+'))),
        fn('tickets_counts_delete', apply(contributionSql('old_rows', '-'))),
        fn('tickets_counts_update', apply(`${contributionSql('old_rows', '-')} union all ${contributionSql('new_rows', '+')}`)),
        `create or replace function ${s}.compact_ticket_counts() returns bigint language sql as $fn$
           with gone as (delete from ${s}.ticket_counts returning *),
           kept as (insert into ${s}.ticket_counts (${totalsColumns()}) ${foldedSql('gone')} returning 1)
           select count(*) from kept
         $fn$`,
        // The existing tickets' SLA counters (their ticket counts are already there).
        `insert into ${s}.ticket_counts (${totalsColumns()})
           select ${GROUP}, 0, 0, 0, ${SLA_TOTALS_COLUMNS.map((c) => `sum(${c})`).join(', ')}
           from (${contributionSql(`${s}.tickets`, '+')}) d
           group by ${GROUP}
           having ${SLA_TOTALS_COLUMNS.map((c) => `sum(${c}) <> 0`).join(' or ')}`,
      ];
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}
