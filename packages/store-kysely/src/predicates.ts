import { PRIORITY_RANKS, TERMINAL_STATUSES } from '@tessera/core';

/** A SQL string literal (single quotes doubled). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** `('a', 'b')`: a literal list for `IN`, from constants (never from input). */
export function sqlStringList(values: readonly string[]): string {
  return `(${values.map(sqlString).join(', ')})`;
}

/**
 * `<status column> NOT IN ('resolved', 'closed')` from core's `TERMINAL_STATUSES`. Literals, not
 * parameters, so a query spells it exactly as the partial or expression index built from the same
 * function, and the planner can match the two.
 */
export function openStatusSql(statusColumn = 'status'): string {
  return `${statusColumn} NOT IN ${sqlStringList(TERMINAL_STATUSES)}`;
}

/** `CASE <column> WHEN 'low' THEN 1 … END`: core's priority rank as SQL (for migrations and backfills). */
export function priorityRankSql(priorityColumn = 'priority'): string {
  return `CASE ${priorityColumn} ${PRIORITY_RANKS.map(([p, rank]) => `WHEN ${sqlString(p)} THEN ${rank}`).join(' ')} END`;
}
