import { sql, type Kysely, type Migration } from 'kysely';
import type { TableNames } from '../names.js';

/**
 * The characters of a word in the word index: ASCII letters and digits, nothing else. Every other
 * character separates words (`categories 'Cs'` names only surrogates, which UTF-8 text cannot
 * hold), so `queries/search-words.ts` splits text into exactly the same words in JavaScript.
 */
export const WORD_CHARACTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const WORD_TOKENIZER = `unicode61 remove_diacritics 0 categories 'Cs' tokenchars '${WORD_CHARACTERS}'`;

/** Ticket `t`'s searchable text as the migration indexes it (the columns the trigram index covers). */
const TICKET_TEXT = `t.ticket_number || ' ' || t.subject || ' ' || t.description || ' ' || t.tags`;

/**
 * The word index and its vocabulary:
 * - `ticket_words`: which tickets hold each (lowercased) word — rowids only (`detail=none`), so
 *   counting the tickets that hold some words of each term is a merge of short rowid lists;
 * - `search_words`: every word with a letter the index has held, with a trigram index
 *   (`search_words_trigrams`) that finds the words containing a term. Words are never removed: one
 *   no ticket holds any more costs a lookup that finds nothing;
 * - `search_words_pending`: tickets written since the store last indexed words, and whether the
 *   index may hold an old entry for each (updated or deleted tickets). SQL cannot split text into
 *   words, so the triggers only queue a written ticket, and they never touch the FTS5 tables —
 *   tools built on an older SQLite (without `contentless_delete`) can still write tickets. The
 *   store updates the index for queued tickets just before its COMMIT (`queries/search-words.ts`).
 *   While any ticket is queued — written by another program through plain SQL — searches use the
 *   trigram index.
 */
export const wordIndexDdl = (n: TableNames): string[] => [
  `CREATE VIRTUAL TABLE ${n.ticket_words} USING fts5 (
     text, content = '', contentless_delete = 1, detail = none, tokenize = "${WORD_TOKENIZER}"
   )`,
  `CREATE TABLE ${n.search_words} (id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE)`,
  `CREATE VIRTUAL TABLE ${n.search_words_trigrams} USING fts5 (
     word, content = '${n.search_words}', content_rowid = 'id', tokenize = 'trigram'
   )`,
  `CREATE TRIGGER ${n.search_words}_insert AFTER INSERT ON ${n.search_words} BEGIN
     INSERT INTO ${n.search_words_trigrams} (rowid, word) VALUES (new.id, new.word);
   END`,
  // indexed = 1: the word index may hold an entry for the ticket, to remove first. A ticket queued
  // as new (0) and then changed before the store indexed it keeps 0 (INSERT OR IGNORE).
  `CREATE TABLE ${n.search_words_pending} (ticket_id INTEGER PRIMARY KEY, indexed INTEGER NOT NULL)`,
  `CREATE TRIGGER ${n.tickets}_words_insert AFTER INSERT ON ${n.tickets} BEGIN
     INSERT OR IGNORE INTO ${n.search_words_pending} (ticket_id, indexed) VALUES (new.id, 0);
   END`,
  `CREATE TRIGGER ${n.tickets}_words_delete AFTER DELETE ON ${n.tickets} BEGIN
     INSERT OR IGNORE INTO ${n.search_words_pending} (ticket_id, indexed) VALUES (old.id, 1);
   END`,
  `CREATE TRIGGER ${n.tickets}_words_update AFTER UPDATE OF ticket_number, subject, description, tags ON ${n.tickets} BEGIN
     INSERT OR IGNORE INTO ${n.search_words_pending} (ticket_id, indexed) VALUES (new.id, 1);
   END`,
];

async function run(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/**
 * Search terms made of ASCII letters and digits are counted and matched through a word index (a
 * term is a substring of a column exactly when it is part of one of its words), leaving the
 * trigram index to the other terms. Indexes every ticket's words (here through the index's own
 * tokenizer, which splits text exactly as the store does) and builds the vocabulary from the
 * index's list of terms.
 */
export const wordIndex = (n: TableNames): Migration => ({
  async up(db) {
    const vocabulary = `${n.ticket_words}_vocabulary`;
    await run(db, [
      ...wordIndexDdl(n),
      `INSERT INTO ${n.ticket_words} (rowid, text) SELECT t.id, ${TICKET_TEXT} FROM ${n.tickets} t`,
      `CREATE VIRTUAL TABLE temp.${vocabulary} USING fts5vocab (main, ${n.ticket_words}, 'row')`,
      // Words with a letter: the vocabulary leaves out words of digits alone (see queries/search-words.ts).
      `INSERT INTO ${n.search_words} (word) SELECT term FROM temp.${vocabulary} WHERE term GLOB '*[a-z]*' ORDER BY term`,
      `DROP TABLE temp.${vocabulary}`,
    ]);
  },
  async down(db) {
    await run(db, [
      `DROP TRIGGER ${n.tickets}_words_insert`,
      `DROP TRIGGER ${n.tickets}_words_delete`,
      `DROP TRIGGER ${n.tickets}_words_update`,
      `DROP TABLE ${n.search_words_pending}`,
      `DROP TABLE ${n.search_words_trigrams}`,
      `DROP TABLE ${n.search_words}`,
      `DROP TABLE ${n.ticket_words}`,
    ]);
  },
});
