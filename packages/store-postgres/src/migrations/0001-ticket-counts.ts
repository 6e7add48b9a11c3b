/**
 * DDL of `ticket_counts`, part of migration 0001: exact ticket counts per (status, priority,
 * category, unassigned) kept as insert-only delta rows by statement-level triggers with
 * transition tables. Writers only ever INSERT deltas (never update a shared row), so the counts
 * add no lock contention between concurrent writers; readers sum the few rows matching a filter
 * instead of counting hundreds of thousands of index entries. `compact_ticket_counts()` folds
 * the deltas back into one row per group.
 */
export function ticketCountsDdl(s: string): string[] {
  // A ticket's contribution: one ticket, and its resolution time when resolved (exact numeric).
  const contribution = (rows: string, sign: string) => `
    select status, priority, category, assigned_to_id is null as unassigned,
           ${sign}1 as n,
           ${sign}(resolved_at is not null)::int as resolved_n,
           ${sign}coalesce(extract(epoch from resolved_at - created_at), 0) as resolved_seconds
    from ${rows}`;
  const apply = (source: string) => `
    insert into ${s}.ticket_counts (status, priority, category, unassigned, n, resolved_n, resolved_seconds)
    select status, priority, category, unassigned, sum(n), sum(resolved_n), sum(resolved_seconds)
    from (${source}) d
    group by status, priority, category, unassigned
    having sum(n) <> 0 or sum(resolved_n) <> 0 or sum(resolved_seconds) <> 0`;
  const fn = (name: string, body: string) =>
    `create function ${s}.${name}() returns trigger language plpgsql as $fn$
     begin ${body}; return null; end $fn$`;
  return [
    `create table ${s}.ticket_counts (
      status text not null,
      priority text not null,
      category text not null,
      unassigned boolean not null,
      n bigint not null,
      resolved_n bigint not null,
      resolved_seconds numeric not null
    )`,
    fn('tickets_counts_insert', apply(contribution('new_rows', '+'))),
    fn('tickets_counts_delete', apply(contribution('old_rows', '-'))),
    fn('tickets_counts_update', apply(`${contribution('old_rows', '-')} union all ${contribution('new_rows', '+')}`)),
    fn('tickets_counts_truncate', `delete from ${s}.ticket_counts`),
    `create trigger tickets_counts_insert after insert on ${s}.tickets referencing new table as new_rows
       for each statement execute function ${s}.tickets_counts_insert()`,
    `create trigger tickets_counts_delete after delete on ${s}.tickets referencing old table as old_rows
       for each statement execute function ${s}.tickets_counts_delete()`,
    `create trigger tickets_counts_update after update on ${s}.tickets referencing old table as old_rows new table as new_rows
       for each statement execute function ${s}.tickets_counts_update()`,
    `create trigger tickets_counts_truncate after truncate on ${s}.tickets
       for each statement execute function ${s}.tickets_counts_truncate()`,
    // Concurrent compactions are safe: a row another compaction already deleted is skipped.
    // Returns the number of rows left, which tells readers when compacting again pays off.
    `create function ${s}.compact_ticket_counts() returns bigint language sql as $fn$
       with gone as (delete from ${s}.ticket_counts returning *),
       kept as (
         insert into ${s}.ticket_counts (status, priority, category, unassigned, n, resolved_n, resolved_seconds)
         select status, priority, category, unassigned, sum(n), sum(resolved_n), sum(resolved_seconds)
         from gone group by status, priority, category, unassigned
         having sum(n) <> 0 or sum(resolved_n) <> 0 or sum(resolved_seconds) <> 0
         returning 1)
       select count(*) from kept
     $fn$`,
  ];
}
