import { sql, type RawBuilder } from 'kysely';

/**
 * The text a search term is matched against: ticket number, subject, description and tags,
 * lower-cased, separated by spaces. Terms never contain whitespace (they are split on it), so no
 * term can match across two fields. The trigram index is built on exactly this expression; the
 * query must repeat it verbatim for the planner to use the index.
 */
export const SEARCH_DOCUMENT_SQL = `lower(ticket_number || ' ' || subject || ' ' || description || ' ' || tags)`;

/**
 * The characters the word index splits the search document on (a regular-expression class,
 * valid in both PostgreSQL and JavaScript): ASCII whitespace and ASCII punctuation. Every other
 * character — letters, digits, anything beyond ASCII — belongs to a word.
 */
export const SEARCH_SEPARATOR_CLASS = '[\\x09-\\x0d\\x20-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e]';
const SEPARATOR = new RegExp(SEARCH_SEPARATOR_CLASS, 'u');

/** Escapes `\`, `%` and `_` so a term is matched literally by LIKE (escape character `\`). */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/gu, (c) => `\\${c}`);
}

// pg_trgm extracts trigrams only from runs of ≥ 3 alphanumerics; other terms give the index nothing.
const INDEXABLE = /[\p{L}\p{N}]{3}/u;

/**
 * Whether the word index answers a term exactly: a term with no separator occurs in the document
 * exactly when it occurs inside one of the document's words, i.e. when the document has one of
 * the vocabulary words containing it — found through the vocabulary's trigram index, so the term
 * needs a 3-character alphanumeric run. (A two-character term is in thousands of vocabulary
 * words, and probing the word index once per word costs more than a scan: see `pairCondition`.)
 */
export function wordIndexed(term: string): boolean {
  return !SEPARATOR.test(term) && INDEXABLE.test(term);
}

/**
 * One condition on `tickets` per term, all of which must hold. Terms with a 3-character
 * alphanumeric run use `LIKE '%term%'`, which the `pg_trgm` GIN index serves and whose
 * selectivity the planner estimates from the expression's statistics (so a common term walks the
 * ordering index while a rare one reads the trigram index); shorter or punctuation-only terms use
 * `strpos` (a filter on the rows the other conditions found).
 */
export function searchConditions(terms: readonly string[]): RawBuilder<boolean>[] {
  const document = sql.raw(SEARCH_DOCUMENT_SQL);
  return terms.map((term) =>
    INDEXABLE.test(term)
      ? sql<boolean>`${document} like ${`%${escapeLike(term)}%`} escape '\\'`
      : sql<boolean>`strpos(${document}, ${term}) > 0`,
  );
}

/** The document's words: the expression `tickets_words_idx` is built on. */
function documentWords(schema: string): RawBuilder<string[]> {
  return sql<string[]>`${sql.id(schema, 'search_words')}(${sql.raw(SEARCH_DOCUMENT_SQL)})`;
}

/**
 * The vocabulary words that contain `term` (a `wordIndexed` one), the first `limit` of them, as
 * an array. A term without separators occurs in a document exactly when one of its words does.
 */
export function wordsContaining(schema: string, term: string, limit: RawBuilder<number>): RawBuilder<string[]> {
  return vocabularyWords(schema, sql`word like ${`%${escapeLike(term)}%`} escape '\\'`, limit);
}

/**
 * The first `limit` vocabulary words meeting `where`, as an array. (Sliced, not `LIMIT`ed: under
 * a LIMIT the planner would scan the vocabulary hoping to meet enough matches early, which for a
 * rare term reads all of it.)
 */
function vocabularyWords(schema: string, where: RawBuilder<unknown>, limit: RawBuilder<number>): RawBuilder<string[]> {
  return sql<string[]>`(array(select word from ${sql.id(schema, 'search_vocabulary')} where ${where}))[1:${limit}]`;
}

/**
 * A condition on `tickets` that the document has one of `words`: the GIN index answers `&&`
 * exactly, so a bitmap of the matches needs no recheck of the document. GIN reads the keys of an
 * `&&` together, 0.3–0.4 ms a key (100 keys over 100,000 rows: 38 ms; 1,000: 306 ms), so
 * callers pass few words.
 */
export function wordCondition(schema: string, words: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`${documentWords(schema)} && ${words}::text[]`;
}

// Exactly two ASCII letters or digits (terms arrive lower-cased).
const PAIR = /^[a-z0-9]{2}$/u;

/**
 * The predicate of `search_vocabulary_other_idx` (migration 0009): words with a character other
 * than an ASCII letter or digit. Queries repeat it verbatim so the planner can use that index.
 */
export const OTHER_WORD_SQL = `word ~ '[^a-z0-9]'`;

/** Whether {@link pairCondition} can answer a term through the indexes: two ASCII letters or digits. */
export function pairIndexed(term: string): boolean {
  return PAIR.test(term);
}

/**
 * The vocabulary words holding a `pairIndexed` term that are the term itself or have a character
 * other than an ASCII letter or digit, the first `limit` of them, as an array (through
 * `search_vocabulary_other_idx`).
 */
export function otherWordsContaining(schema: string, term: string, limit: RawBuilder<number>): RawBuilder<string[]> {
  return vocabularyWords(schema, sql`word = ${term} or (${sql.raw(OTHER_WORD_SQL)} and strpos(word, ${term}) > 0)`, limit);
}

/**
 * A condition on `tickets` that a `pairIndexed` term occurs. A two-character term gives the
 * trigram index nothing to look up, so it is split by what surrounds it. Inside a word made of
 * ASCII letters and digits only, of 3+ characters, it has such a neighbour: the regular
 * expression `[a-z0-9]xy|xy[a-z0-9]` names exactly the trigrams that hold it (pg_trgm expands the
 * classes into 72 trigrams), and the document is rechecked. Every other occurrence is in a word
 * that is the term itself or has some other character (non-ASCII, a control character): `others`
 * (from {@link otherWordsContaining}), found through the word index. Together the two cover every
 * occurrence, so the count is exact.
 */
export function pairCondition(schema: string, term: string, others: readonly string[]): RawBuilder<boolean> {
  const neighbours = sql<boolean>`${sql.raw(SEARCH_DOCUMENT_SQL)} ~ ${`[a-z0-9]${term}|${term}[a-z0-9]`}`;
  return others.length === 0 ? neighbours : sql<boolean>`(${neighbours} or ${wordCondition(schema, others)})`;
}
