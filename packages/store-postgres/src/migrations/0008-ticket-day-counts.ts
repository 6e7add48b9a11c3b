import { sql, type Migration } from 'kysely';
import { contributionSql, foldedSql, TOTALS_SUMS, totalsColumns, triggerFunctionSql } from './running-totals-sql.js';

/**
 * `ticket_day_counts`: the running totals of `ticket_counts` once more, per UTC creation day, so
 * statistics over a creation window (the last year: ≈ half the tickets of a million) sum a few
 * hundred rows per day instead of reading every ticket of the window. Like `ticket_counts` it is
 * insert-only deltas written by the statement triggers, which now write both tables from one
 * pass over the transition rows; `compact_ticket_day_counts(first, end)` folds a range of days.
 * Existing tickets are backfilled with writes locked out, so no change is counted twice or missed.
 */
export function ticketDayCounts(schema: string): Migration {
  const s = `"${schema}"`;
  const day = { byDay: true };
  // One statement per trigger: the contributions once, folded into each table.
  const apply = (source: string) => `
    with d as materialized (${source}),
    totals as (insert into ${s}.ticket_counts (${totalsColumns()}) ${foldedSql('d')})
    insert into ${s}.ticket_day_counts (${totalsColumns(day)}) ${foldedSql('d', day)}`;
  const fn = (name: string, body: string) => triggerFunctionSql(s, name, body);
  return {
    async up(db) {
      const statements = [
        `lock table ${s}.tickets in share row exclusive mode`,
        `create table ${s}.ticket_day_counts (
          day date not null,
          status text not null,
          priority text not null,
          category text not null,
          unassigned boolean not null,
          ${TOTALS_SUMS.map((c) => `${c} ${c === 'resolved_seconds' ? 'numeric' : 'bigint'} not null`).join(',\n          ')}
        )`,
        `create index ticket_day_counts_day_idx on ${s}.ticket_day_counts (day)`,
        fn('tickets_counts_insert', apply(contributionSql('new_rows', '+', day))),
        fn('tickets_counts_delete', apply(contributionSql('old_rows', '-', day))),
        fn('tickets_counts_update', apply(`${contributionSql('old_rows', '-', day)} union all ${contributionSql('new_rows', '+', day)}`)),
        fn('tickets_counts_truncate', `delete from ${s}.ticket_counts; delete from ${s}.ticket_day_counts`),
        // Days from `first_day` (null: the first) up to, not including, `end_day` (null: the last).
        // Only groups holding more than one row are rewritten, so compacting compact days writes
        // nothing (no dead rows for the next scans to step over). Concurrent compactions are safe,
        // as for `compact_ticket_counts`: a row another one deleted first is skipped. Returns the
        // rows the range holds afterwards.
        `create function ${s}.compact_ticket_day_counts(first_day date, end_day date) returns bigint language sql as $fn$
           with range as (
             select * from ${s}.ticket_day_counts
             where day >= coalesce(first_day, '-infinity'::date) and day < coalesce(end_day, 'infinity'::date)),
           split as (
             select day, status, priority, category, unassigned from range
             group by day, status, priority, category, unassigned having count(*) > 1),
           gone as (
             delete from ${s}.ticket_day_counts t using split
             where t.day = split.day and t.status = split.status and t.priority = split.priority
               and t.category = split.category and t.unassigned = split.unassigned
             returning t.*),
           kept as (insert into ${s}.ticket_day_counts (${totalsColumns(day)}) ${foldedSql('gone', day)} returning 1)
           select (select count(*) from range) - (select count(*) from gone) + (select count(*) from kept)
         $fn$`,
        `insert into ${s}.ticket_day_counts (${totalsColumns(day)}) ${foldedSql(`(${contributionSql(`${s}.tickets`, '+', day)}) d`, day)}`,
        `analyze ${s}.ticket_day_counts`,
      ];
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}
