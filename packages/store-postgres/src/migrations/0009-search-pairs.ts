import { sql, type Migration } from 'kysely';
import { OTHER_WORD_SQL } from '../queries/search.js';

/**
 * Two-character search terms through the indexes instead of a pass over every ticket.
 * `search_vocabulary_other_idx` lists the vocabulary words with a character other than an ASCII
 * letter or digit: the words in which such a term can occur without an ASCII letter or digit
 * beside it, which the trigram index cannot find (see `pairCondition`). Most vocabularies hold
 * few of them, so the index is small and reading all of it is cheap.
 */
export function searchPairs(schema: string): Migration {
  const s = `"${schema}"`;
  return {
    async up(db) {
      await sql.raw(`create index search_vocabulary_other_idx on ${s}.search_vocabulary (word) where ${OTHER_WORD_SQL}`).execute(db);
    },
    async down(db) {
      await sql.raw(`drop index ${s}.search_vocabulary_other_idx`).execute(db);
    },
  };
}
