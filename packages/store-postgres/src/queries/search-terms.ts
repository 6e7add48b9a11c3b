import { sql, type Kysely, type RawBuilder } from 'kysely';
import { otherWordsContaining, pairCondition, pairIndexed, searchConditions, wordCondition, wordIndexed, wordsContaining } from './search.js';

/**
 * Fewest vocabulary words a term may always be looked up through. GIN reads an `&&`'s keys
 * together, each costing about as much as scanning {@link TICKETS_PER_KEY} tickets (0.35 ms a key,
 * measured at 100–5,000 keys over 100,000 rows), so past `max(64, tickets / 270)` words a term
 * is matched on the document instead (trigram index, or a filter): never much worse than a scan.
 */
export const MIN_TERM_WORDS = 64;
const TICKETS_PER_KEY = 270;

/** How one term of a search alone is matched. */
export type TermWay =
  /** Through the word index: the document has one of `words` (those containing the term). */
  | { term: string; by: 'words'; words: string[] }
  /** A two-character term by its neighbours and through `others` (see `pairCondition`). */
  | { term: string; by: 'pair'; others: string[] }
  /** On the document: `LIKE` through the trigram index, or `strpos` for short terms. */
  | { term: string; by: 'document' };

/**
 * Whether a search's two-character terms go through `pairCondition`: it has a `pairIndexed` term
 * and no `wordIndexed` one. With a word-indexed term, that term's exact bitmap is the one to start
 * from and the pairs are tested on its few rows; the planner cannot tell which set is smaller,
 * and would as soon start from a pair's trigrams and compute the words of each of their rows.
 */
function searchesPairs(terms: readonly string[]): boolean {
  return terms.some(pairIndexed) && !terms.some(wordIndexed);
}

/** The vocabulary lookup of each term that may go through the word index (null: none), at most `limit` words. */
function lookups(schema: string, terms: readonly string[], limit: RawBuilder<number>): (RawBuilder<string[]> | null)[] {
  const pairs = searchesPairs(terms);
  return terms.map((term) =>
    wordIndexed(term) ? wordsContaining(schema, term, limit) : pairs && pairIndexed(term) ? otherWordsContaining(schema, term, limit) : null,
  );
}

/** Whether {@link planSearchTerms} reads the vocabulary for these terms. */
export function searchReadsVocabulary(terms: readonly string[]): boolean {
  return terms.some(wordIndexed) || searchesPairs(terms);
}

/**
 * How each term of a search alone is matched, from one read of the vocabulary (and of the
 * planner's ticket count, for the word limit). Run it in the snapshot of the query that uses the
 * answer: a ticket committed in between could hold a word the answer lacks.
 */
export async function planSearchTerms(db: Kysely<unknown>, schema: string, terms: readonly string[]): Promise<TermWay[]> {
  const cap = sql<number>`c.cap`;
  const asked = lookups(schema, terms, sql<number>`${cap} + 1`);
  // As JSON text: the store's connections parse no array type (their rows stay strings).
  const columns = asked.flatMap((lookup, i) => (lookup ? [sql`to_json(${lookup})::text as ${sql.ref(`t${i}`)}`] : []));
  if (columns.length === 0) return terms.map((term) => ({ term, by: 'document' }));
  const tickets = sql`(select greatest(reltuples, 0) from pg_class where oid = to_regclass(${`"${schema}".tickets`}))`;
  const { rows } = await sql<Record<string, string>>`
    with c as (select greatest(${MIN_TERM_WORDS}, coalesce(${tickets}, 0)::bigint / ${TICKETS_PER_KEY})::int as cap)
    select c.cap, ${sql.join(columns)} from c`.execute(db);
  const found = rows[0]!;
  const limit = Number(found.cap);
  return terms.map((term, i): TermWay => {
    const json = found[`t${i}`];
    const words = json === undefined ? undefined : (JSON.parse(json) as string[]);
    if (words === undefined || words.length > limit) return { term, by: 'document' };
    return wordIndexed(term) ? { term, by: 'words', words } : { term, by: 'pair', others: words };
  });
}

/** One condition on `tickets` per term, as {@link planSearchTerms} decided. */
export function termConditions(schema: string, ways: readonly TermWay[]): RawBuilder<boolean>[] {
  return ways.map((way) =>
    way.by === 'words'
      ? wordCondition(schema, way.words)
      : way.by === 'pair'
        ? pairCondition(schema, way.term, way.others)
        : searchConditions([way.term])[0]!,
  );
}
