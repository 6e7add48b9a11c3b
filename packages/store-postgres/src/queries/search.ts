import { sql, type RawBuilder } from 'kysely';

/**
 * The text a search term is matched against: ticket number, subject, description and tags,
 * lower-cased, separated by spaces. Terms never contain whitespace (they are split on it), so no
 * term can match across two fields. The trigram index is built on exactly this expression; the
 * query must repeat it verbatim for the planner to use the index.
 */
export const SEARCH_DOCUMENT_SQL = `lower(ticket_number || ' ' || subject || ' ' || description || ' ' || tags)`;

/** Escapes `\`, `%` and `_` so a term is matched literally by LIKE (escape character `\`). */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/gu, (c) => `\\${c}`);
}

// pg_trgm extracts trigrams only from runs of ≥ 3 alphanumerics; other terms give the index nothing.
const INDEXABLE = /[\p{L}\p{N}]{3}/u;

/**
 * One condition per term, all of which must hold. Terms with a 3-character alphanumeric run use
 * `LIKE '%term%'`, which the `pg_trgm` GIN index serves; shorter or punctuation-only terms use
 * `strpos`, which the index cannot serve, so the planner evaluates them as a filter on the rows
 * the other terms found (or, when every term is short, on a scan — correct but slow at scale).
 */
export function searchConditions(terms: readonly string[]): RawBuilder<boolean>[] {
  const document = sql.raw(SEARCH_DOCUMENT_SQL);
  return terms.map((term) =>
    INDEXABLE.test(term)
      ? sql<boolean>`${document} like ${`%${escapeLike(term)}%`} escape '\\'`
      : sql<boolean>`strpos(${document}, ${term}) > 0`,
  );
}
