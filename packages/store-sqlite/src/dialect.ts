import { sql, type Expression, type SqlBool } from 'kysely';
import { isForeignKeyViolation, isUniqueViolation } from './errors.js';
import { EPOCH_MS_CODEC, INTEGER_BOOLEAN_CODEC, openStatusSql, type StoreDialect } from '@tessera/store-kysely';

// Trigram tokens are three characters long: shorter terms cannot be looked up in the FTS index.
const TRIGRAM = 3;

/** Whether the trigram index can look `term` up (3+ characters). */
export function indexableTerm(term: string): boolean {
  return [...term].length >= TRIGRAM;
}

/** A term as a LIKE pattern matching it anywhere, with `\` escaping `%`, `_` and itself. */
function likeContains(term: string): string {
  return `%${term.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`;
}

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
 * sorting first (so due dates get an explicit missing-last key). Search terms of 3+ characters
 * go through the FTS5 trigram index, which the store joins itself; the conditions here cover the
 * shorter ones: `LIKE … ESCAPE` (ASCII case-insensitive) over the four searched columns.
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
  searchConditions(terms, q) {
    const out: Expression<SqlBool>[] = [];
    for (const term of terms) {
      if (indexableTerm(term)) continue;
      const p = likeContains(term);
      const c = (column: string) => sql.raw(`${q}${column}`);
      out.push(
        sql<SqlBool>`(${c('ticket_number')} LIKE ${p} ESCAPE '\\' OR ${c('subject')} LIKE ${p} ESCAPE '\\' OR ${c('description')} LIKE ${p} ESCAPE '\\' OR ${c('tags')} LIKE ${p} ESCAPE '\\')`,
      );
    }
    return out;
  },
};
