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
  `SELECT p.ticket_id, p.indexed, t.ticket_number, t.subject, t.description, t.tags FROM ${n.search_words_pending} p LEFT JOIN ${n.tickets} t ON t.id = p.ticket_id ORDER BY p.ticket_id LIMIT ${MAX_INDEXED}`;
const unindexTicket = (n: TableNames) => `DELETE FROM ${n.ticket_words} WHERE rowid = ?`;
const clearPendingUpTo = (n: TableNames) => `DELETE FROM ${n.search_words_pending} WHERE ticket_id <= ?`;
const indexTicket = (n: TableNames) => `INSERT INTO ${n.ticket_words} (rowid, text) VALUES (?, ?)`;
const addToVocabulary = (n: TableNames) => `INSERT OR IGNORE INTO ${n.search_words} (word) SELECT value FROM json_each(?)`;
const anyPending = (n: TableNames) => `SELECT EXISTS (SELECT 1 FROM ${n.search_words_pending})`;
const wordsContaining = (n: TableNames) =>
  `SELECT word FROM ${n.search_words_trigrams} WHERE ${n.search_words_trigrams} MATCH ? LIMIT ?`;

// The text columns are null for a ticket deleted since it was queued.
type PendingRow = [id: number, indexed: number, ticketNumber: string | null, subject: string | null, description: string | null, tags: string | null];

/**
 * Brings the word index up to date for the tickets written in this transaction (up to
 * `MAX_INDEXED` queued ones, oldest first): removes the old entry of an updated or deleted ticket,
 * indexes each remaining ticket's distinct words once, adds new words to the vocabulary, and takes
 * the tickets off the list; run by the store just before COMMIT. With nothing
 * pending it is one read of an empty table. Words in `known` are in the vocabulary already
 * (committed earlier; the vocabulary only grows) and are not written to it again.
 * @returns the words it added to the vocabulary, which the caller may add to `known` once the
 *   transaction commits.
 */
export function indexPendingWords(ctx: SqlContext, known: ReadonlySet<string> = new Set()): string[] {
  const rows = ctx.prepared(pendingBatch).raw(true).all() as PendingRow[];
  if (rows.length === 0) return [];
  const index = ctx.prepared(indexTicket);
  const fresh = new Set<string>();
  for (const [id, indexed, ...text] of rows) {
    if (indexed === 1) ctx.prepared(unindexTicket).run(id);
    if (text[0] === null) continue; // deleted
    const words = new Set<string>();
    for (const column of text) addWords(column!, words);
    if (words.size === 0) continue;
    index.run(id, [...words].join(' '));
    for (const word of words) if (!known.has(word)) fresh.add(word);
  }
  if (fresh.size > 0) ctx.prepared(addToVocabulary).run(JSON.stringify([...fresh]));
  // Everything up to the last ticket handled; all of the list when this batch took it whole.
  ctx.prepared(clearPendingUpTo).run(rows.length === MAX_INDEXED ? rows[rows.length - 1]![0] : Number.MAX_SAFE_INTEGER);
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
  // The vocabulary only grows and committed words keep their ids, so while its highest id stays
  // the same an earlier answer stands (one index seek instead of a trigram lookup). Answers are kept
  // only from committed states: an id a rolled-back insert took may come back with another word.
  const version = ctx.prepared(vocabularyVersion).pluck(true).get() as number | null;
  const key = `${max} ${term.toLowerCase()}`;
  const cache = containingCache.get(ctx);
  const known = cache?.version === version ? cache.answers.get(key) : undefined;
  if (known !== undefined) return known;
  const found = ctx.prepared(wordsContaining).pluck(true).all(`"${term.toLowerCase()}"`, max + 1) as string[];
  const answer = found.length > max ? null : found;
  if (ctx.seesCommittedOnly) {
    const answers = cache?.version === version && cache.answers.size < MAX_CACHED_TERMS ? cache.answers : new Map();
    containingCache.set(ctx, { version, answers: answers.set(key, answer) });
  }
  return answer;
}
const vocabularyVersion = (n: TableNames) => `SELECT max(id) FROM ${n.search_words}`;
/** Terms whose words one connection remembers (per vocabulary version). */
const MAX_CACHED_TERMS = 2000;
const containingCache = new WeakMap<SqlContext, { version: number | null; answers: Map<string, string[] | null> }>();
