import { sql, type Kysely, type RawBuilder } from 'kysely';
import { otherWordsContaining, pairCondition, pairIndexed, searchConditions, wordCondition, wordIndexed, wordsContaining } from './search.js';

/**
 * Most vocabulary words a term may be looked up through: GIN reads an `&&`'s keys together at a
 * cost that grows faster than their number, so a term inside more words (`ing`, `en`) is matched
 * on the document instead (the trigram index, or a filter).
 */
export const MAX_TERM_WORDS = 64;

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

/** The vocabulary lookup of each term that may go through the word index (null: none). */
function lookups(schema: string, terms: readonly string[]): (RawBuilder<string[]> | null)[] {
  const pairs = searchesPairs(terms);
  return terms.map((term) =>
    wordIndexed(term)
      ? wordsContaining(schema, term, MAX_TERM_WORDS + 1)
      : pairs && pairIndexed(term)
        ? otherWordsContaining(schema, term, MAX_TERM_WORDS + 1)
        : null,
  );
}

/** Whether {@link planSearchTerms} reads the vocabulary for these terms. */
export function searchReadsVocabulary(schema: string, terms: readonly string[]): boolean {
  return lookups(schema, terms).some((lookup) => lookup !== null);
}

/**
 * How each term of a search alone is matched, from one read of the vocabulary. Run it in the
 * snapshot of the query that uses the answer: a ticket committed in between could hold a word
 * the answer lacks.
 */
export async function planSearchTerms(db: Kysely<unknown>, schema: string, terms: readonly string[]): Promise<TermWay[]> {
  const asked = lookups(schema, terms);
  const columns = asked.flatMap((lookup, i) => (lookup ? [sql`${lookup} as ${sql.ref(`t${i}`)}`] : []));
  const found = columns.length === 0 ? {} : (await sql<Record<string, string[]>>`select ${sql.join(columns)}`.execute(db)).rows[0]!;
  return terms.map((term, i): TermWay => {
    const words = found[`t${i}`];
    if (words === undefined || words.length > MAX_TERM_WORDS) return { term, by: 'document' };
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
