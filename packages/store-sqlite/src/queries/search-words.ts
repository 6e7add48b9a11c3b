import type { TableNames } from '../names.js';
import type { SqlContext } from './context.js';

// The word index's words: runs of ASCII letters and digits (its tokenizer's `tokenchars`, see
// migration 0011), lowercased. Matched before lowercasing: `toLowerCase` turns some non-ASCII
// letters into ASCII ones (the Kelvin sign into `k`), which the index treats as separators.
const WORD = /[A-Za-z0-9]+/gu;
/**
 * A search term the word index can answer: three or more of its word characters, a letter among
 * them. Words of digits alone (ticket numbers, amounts, order ids) stay out of the vocabulary —
 * they would add a word with almost every ticket — so terms of digits alone use the trigram index.
 */
const WORD_TERM = /^(?=[0-9]*[A-Za-z])[A-Za-z0-9]{3,}$/u;
const DIGITS = /^[0-9]+$/u;
/**
 * Most tickets a search reads from the pending list (text changed by a writer other than the
 * store, whose words are not in the vocabulary yet). Past it the search uses the trigram index.
 */
const MAX_PENDING = 256;

/** Whether the word index answers `term` (else the trigram index does). */
export const isWordTerm = (term: string): boolean => WORD_TERM.test(term);

/** Adds the words of `text` that the vocabulary keeps (any with a letter) to `into`. */
function addWords(text: string, into: Set<string>): void {
  const words = text.match(WORD);
  if (words) for (const word of words) if (!DIGITS.test(word)) into.add(word.toLowerCase());
}

/**
 * Most pending tickets one COMMIT adds to the vocabulary: a bulk import by other means leaves
 * many, which then go in over the following writes instead of stalling one of them.
 */
const MAX_DRAINED = 1024;

const pendingText = (n: TableNames) =>
  `SELECT t.ticket_number, t.subject, t.description, t.tags FROM ${n.search_words_pending} p JOIN ${n.tickets} t ON t.id = p.ticket_id LIMIT ${MAX_PENDING + 1}`;
const pendingBatch = (n: TableNames) =>
  `SELECT p.ticket_id, t.ticket_number, t.subject, t.description, t.tags FROM ${n.search_words_pending} p LEFT JOIN ${n.tickets} t ON t.id = p.ticket_id ORDER BY p.ticket_id LIMIT ${MAX_DRAINED}`;
const clearPendingUpTo = (n: TableNames) => `DELETE FROM ${n.search_words_pending} WHERE ticket_id <= ?`;
const addToVocabulary = (n: TableNames) => `INSERT OR IGNORE INTO ${n.search_words} (word) SELECT value FROM json_each(?)`;
const wordsContaining = (n: TableNames) =>
  `SELECT word FROM ${n.search_words_trigrams} WHERE ${n.search_words_trigrams} MATCH ? LIMIT ?`;

type TextRow = [string, string, string, string];

function wordsOfRows(rows: ReadonlyArray<ReadonlyArray<string | number | null>>, from = 0): Set<string> {
  const words = new Set<string>();
  for (const row of rows) for (let i = from; i < row.length; i++) if (typeof row[i] === 'string') addWords(row[i] as string, words);
  return words;
}

/**
 * Adds the words of the tickets written in this transaction (up to `MAX_DRAINED` pending ones,
 * oldest first) to the vocabulary and takes them off the pending list; run by the store just
 * before COMMIT. With nothing pending it is one read of an empty table. Words in `known` are in
 * the vocabulary already (committed earlier; the vocabulary only grows) and are not written again.
 * @returns the words it wrote, which the caller may add to `known` once the transaction commits.
 */
export function indexPendingWords(ctx: SqlContext, known: ReadonlySet<string> = new Set()): string[] {
  const rows = ctx.prepared(pendingBatch).raw(true).all() as Array<[number, ...(string | null)[]]>;
  if (rows.length === 0) return [];
  const fresh: string[] = [];
  for (const word of wordsOfRows(rows, 1)) if (!known.has(word)) fresh.push(word);
  if (fresh.length > 0) ctx.prepared(addToVocabulary).run(JSON.stringify(fresh));
  ctx.prepared(clearPendingUpTo).run(rows[rows.length - 1]![0]);
  return fresh;
}

/**
 * The vocabulary's words that contain `term` (a {@link isWordTerm}), lowercased, at most `max`;
 * null when there are more, or when too many tickets wait on the pending list to read their words.
 * Includes the words of pending tickets, so the answer is exact even before the store has added
 * them to the vocabulary.
 */
export function vocabularyWordsContaining(ctx: SqlContext, term: string, max: number, pending: PendingWords): string[] | null {
  const needle = term.toLowerCase();
  const found = ctx.prepared(wordsContaining).pluck(true).all(`"${needle}"`, max + 1) as string[];
  const pendingWords = pending.words();
  if (pendingWords === null) return null;
  const words = new Set(found);
  for (const word of pendingWords) if (word.includes(needle)) words.add(word);
  return words.size > max ? null : [...words];
}

/** The words of tickets on the pending list, read once per search (usually none). */
export interface PendingWords {
  /** The words, or null when more than the search reads are pending. */
  words(): ReadonlySet<string> | null;
}

/** Reads the pending tickets' words on first use. */
export function pendingWords(ctx: SqlContext): PendingWords {
  let words: Set<string> | null | undefined;
  return {
    words() {
      if (words === undefined) {
        const rows = ctx.prepared(pendingText).raw(true).all() as TextRow[];
        words = rows.length > MAX_PENDING ? null : wordsOfRows(rows);
      }
      return words;
    },
  };
}
