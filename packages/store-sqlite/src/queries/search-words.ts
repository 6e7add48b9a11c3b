import type { TableNames } from '../names.js';
import type { SqlContext } from './context.js';

// The word index's words: runs of ASCII letters and digits (its tokenizer's `tokenchars`, see
// migration 0011), lowercased. Matched before lowercasing: `toLowerCase` turns some non-ASCII
// letters into ASCII ones (the Kelvin sign into `k`), which the index treats as separators.
const WORD = /[A-Za-z0-9]+/gu;
/**
 * A search term the word index can answer: three or more of its word characters, a letter among
 * them. Words of digits alone (ticket numbers, amounts, order ids) are neither indexed by the
 * store nor kept in the vocabulary — they would add a word with almost every ticket — so terms of
 * digits alone use the trigram index.
 */
const WORD_TERM = /^(?=[0-9]*[A-Za-z])[A-Za-z0-9]{3,}$/u;
const DIGITS = /^[0-9]+$/u;
/**
 * Most pending tickets one COMMIT indexes: a bulk import by other means leaves many, which then go
 * in over the following writes instead of stalling one of them.
 */
const MAX_INDEXED = 1024;

/** Whether the word index answers `term` (else the trigram index does). */
export const isWordTerm = (term: string): boolean => WORD_TERM.test(term);

/** Adds the words of `text` that the store indexes (any with a letter) to `into`. */
function addWords(text: string, into: Set<string>): void {
  const words = text.match(WORD);
  if (words) for (const word of words) if (!DIGITS.test(word)) into.add(word.toLowerCase());
}

const pendingBatch = (n: TableNames) =>
  `SELECT p.ticket_id, t.ticket_number, t.subject, t.description, t.tags FROM ${n.search_words_pending} p JOIN ${n.tickets} t ON t.id = p.ticket_id ORDER BY p.ticket_id LIMIT ${MAX_INDEXED}`;
const clearPendingUpTo = (n: TableNames) => `DELETE FROM ${n.search_words_pending} WHERE ticket_id <= ?`;
const indexTicket = (n: TableNames) => `INSERT INTO ${n.ticket_words} (rowid, text) VALUES (?, ?)`;
const addToVocabulary = (n: TableNames) => `INSERT OR IGNORE INTO ${n.search_words} (word) SELECT value FROM json_each(?)`;
const anyPending = (n: TableNames) => `SELECT EXISTS (SELECT 1 FROM ${n.search_words_pending})`;
const wordsContaining = (n: TableNames) =>
  `SELECT word FROM ${n.search_words_trigrams} WHERE ${n.search_words_trigrams} MATCH ? LIMIT ?`;

type PendingRow = [id: number, ticketNumber: string, subject: string, description: string, tags: string];

/**
 * Indexes the words of the tickets written in this transaction (up to `MAX_INDEXED` pending
 * ones, oldest first) — each ticket's distinct words, once — adds new ones to the vocabulary and
 * takes the tickets off the pending list; run by the store just before COMMIT. With nothing
 * pending it is one read of an empty table. Words in `known` are in the vocabulary already
 * (committed earlier; the vocabulary only grows) and are not written to it again.
 * @returns the words it added to the vocabulary, which the caller may add to `known` once the
 *   transaction commits.
 */
export function indexPendingWords(ctx: SqlContext, known: ReadonlySet<string> = new Set()): string[] {
  const rows = ctx.prepared(pendingBatch).raw(true).all() as PendingRow[];
  const last = rows.length === MAX_INDEXED ? rows[rows.length - 1]![0] : Number.MAX_SAFE_INTEGER;
  // Pending rows of tickets deleted since (their trigger removed them) cannot remain; empty the
  // list up to the last ticket indexed, or entirely when this batch took them all.
  if (rows.length === 0) {
    if (ctx.prepared(anyPending).pluck(true).get() === 1) ctx.prepared(clearPendingUpTo).run(last);
    return [];
  }
  const index = ctx.prepared(indexTicket);
  const fresh = new Set<string>();
  for (const row of rows) {
    const words = new Set<string>();
    for (let i = 1; i < row.length; i++) addWords(row[i] as string, words);
    if (words.size === 0) continue;
    index.run(row[0], [...words].join(' '));
    for (const word of words) if (!known.has(word)) fresh.add(word);
  }
  if (fresh.size > 0) ctx.prepared(addToVocabulary).run(JSON.stringify([...fresh]));
  ctx.prepared(clearPendingUpTo).run(last);
  return [...fresh];
}

/**
 * Whether the word index is complete: no ticket waits on the pending list (written by a program
 * other than the store, whose next write indexes it). Until then searches use the trigram index.
 */
export function wordIndexComplete(ctx: SqlContext): boolean {
  return ctx.prepared(anyPending).pluck(true).get() === 0;
}

/**
 * The vocabulary's words that contain `term` (a {@link isWordTerm}), lowercased, at most `max`;
 * null when there are more.
 */
export function vocabularyWordsContaining(ctx: SqlContext, term: string, max: number): string[] | null {
  const found = ctx.prepared(wordsContaining).pluck(true).all(`"${term.toLowerCase()}"`, max + 1) as string[];
  return found.length > max ? null : found;
}
