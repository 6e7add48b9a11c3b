import { sql, type SqlBool } from 'kysely';
import { isForeignKeyViolation, isUniqueViolation } from './errors.js';
import { EPOCH_MS_CODEC, INTEGER_BOOLEAN_CODEC, openStatusSql, type StoreDialect } from '@tessera/store-kysely';

/**
 * "Not resolved or closed" on alias `t`, spelled exactly as the expression index `tickets_open`
 * is (both come from `openStatusSql`), so the planner can use it.
 */
export const OPEN = sql<number>`(${sql.raw(openStatusSql('t.status'))})`;

/**
 * "Overdue at `now`" spelled as the partial index `tickets_overdue` (`WHERE status NOT IN …`)
 * requires, for counts that read that covering index alone.
 */
export function overdueOnPartialIndex(now: Date) {
  return sql<SqlBool>`${sql.raw(openStatusSql('t.status'))} AND t.due_date < ${now.getTime()}`;
}

/**
 * SQLite: instants as epoch ms, booleans as 0/1, priority filtered by its indexed rank, NULLs
 * sorting first (so due dates get an explicit missing-last key). Search terms of every length go
 * through the FTS5 trigram index, which the store joins itself: no search conditions here.
 */
export const sqliteDialect: StoreDialect = {
  codecs: { timestamp: EPOCH_MS_CODEC, boolean: INTEGER_BOOLEAN_CODEC },
  time: EPOCH_MS_CODEC,
  priorityFilter: 'rank',
  nullsSortFirst: true,
  // BEGIN IMMEDIATE holds the database write lock from the start: a plain read is a locked read.
  lockForUpdate: false,
  isUniqueViolation,
  isForeignKeyViolation,
  // Instants are epoch ms already.
  elapsedMs: (from, to) => sql<number | null>`(${sql.raw(to)} - ${sql.raw(from)})`,
  overdueCondition: (q, now) => sql<SqlBool>`(${sql.raw(openStatusSql(`${q}status`))}) = 1 AND ${sql.raw(q)}due_date < ${now.getTime()}`,
  searchConditions: () => [],
  jsonArrayAgg: (object) => sql<string>`json_group_array(${object})`,
  jsonObject: (pairs) => sql`json_object(${sql.join(pairs.map(([key, value]) => sql`${sql.lit(key)}, ${value}`))})`,
  // Instants are epoch ms already.
  jsonEpochMs: (column) => sql<number>`${sql.raw(column)}`,
};
