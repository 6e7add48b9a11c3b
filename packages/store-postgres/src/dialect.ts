import { sql, type SqlBool } from 'kysely';
import { NATIVE_CODEC, openStatusSql, type StoreDialect } from '@tessera/store-kysely';
import { isForeignKeyViolation, isUniqueViolation } from './errors.js';
import { searchConditions } from './queries/search.js';

/**
 * PostgreSQL: `timestamptz` and `boolean` columns (the pool's codecs convert them exactly),
 * priority filtered by name (its index leads with the name), NULLs sorting last ascending as the
 * port wants, search by `LIKE` over one lower-cased document that a `pg_trgm` GIN index serves.
 * Queries name columns unqualified (one table per FROM).
 */
export const postgresDialect: StoreDialect = {
  codecs: { timestamp: NATIVE_CODEC, boolean: NATIVE_CODEC },
  time: NATIVE_CODEC,
  priorityFilter: 'name',
  nullsSortFirst: false,
  lockForUpdate: true,
  isUniqueViolation,
  isForeignKeyViolation,
  // Spelled as the partial indexes tickets_open_due_idx / tickets_open_due_created_idx are.
  overdueCondition: (q, now) =>
    sql<SqlBool>`${sql.raw(`${q}due_date`)} is not null and ${sql.raw(openStatusSql(`${q}status`))} and ${sql.raw(`${q}due_date`)} < ${now}`,
  searchConditions: (terms) => searchConditions(terms),
  // extract(epoch) is numeric (exact to the microsecond); the stores write whole milliseconds.
  elapsedMs: (from, to) => sql<number | null>`round(extract(epoch from (${sql.raw(to)} - ${sql.raw(from)})) * 1000)::bigint`,
  jsonArrayAgg: (object) => sql<string>`coalesce(json_agg(${object}), '[]')`,
  jsonObject: (pairs) => sql`json_build_object(${sql.join(pairs.map(([key, value]) => sql`${sql.lit(key)}, ${value}`))})`,
  // floor: the whole milliseconds the timestamptz parser reads (it drops digits past the third).
  jsonEpochMs: (column) => sql<number>`floor(extract(epoch from ${sql.raw(column)}) * 1000)::bigint`,
};
