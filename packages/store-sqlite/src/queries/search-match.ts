import { sql, type Expression, type SqlBool } from 'kysely';
import { searchTermsTable } from '../migrations/0007-search-short-terms.js';
import type { SqlContext } from './context.js';
import { isWordTerm, vocabularyWordsContaining, wordIndexComplete } from './search-words.js';

// Trigram tokens are three characters long.
const TRIGRAM = 3;
// Above every code point: bounds a prefix range over tokens of at most three characters.
const TOP = '\u{10FFFF}'.repeat(TRIGRAM);
// A short term with more tokens than this is common (`e`, `lo`): an OR over that many long posting
// lists costs more than reading the rows, so such a term is tested on each row instead.
const MAX_TOKENS = 48;
const ASCII = /^[\x00-\x7f]+$/u;
// A term contained in more words than this (`ing`, `000`) goes through the trigram index: its
// OR would merge that many rowid lists.
const MAX_WORDS = 64;

/** A string as an FTS5 string literal: double quotes doubled, so every character is literal. */
function ftsString(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** The smallest string above every token that equals `token` (all tokens have the same length). */
function successor(token: string): string {
  const chars = [...token];
  const last = chars.pop()!.codePointAt(0)!;
  // Skip the surrogate range, which UTF-8 text cannot hold.
  const next = last === 0xd7ff ? 0xe000 : last + 1;
  return next > 0x10ffff ? `${chars.join('')}${TOP}` : `${chars.join('')}${String.fromCodePoint(next)}`;
}

/**
 * The index's tokens that start with `prefix`, in order, up to `max` + 1 of them: one seek into the
 * vocabulary per token (a range scan of the vocabulary would walk every occurrence of each token).
 */
function tokensStartingWith(ctx: SqlContext, prefix: string, max: number): string[] {
  const stmt = ctx.statement(`SELECT term FROM ${searchTermsTable(ctx.names)} WHERE term >= ? AND term < ? LIMIT 1`).pluck();
  const end = prefix + TOP;
  const tokens: string[] = [];
  for (let from = prefix; ; ) {
    const token = stmt.get(from, end) as string | undefined;
    if (token === undefined) return tokens;
    tokens.push(token);
    if (tokens.length > max) return tokens;
    from = successor(token);
  }
}

/**
 * One term as an FTS5 expression over the trigram index of text padded with two commas, or null
 * for a common short term. A term of 3+ characters is a phrase (its trigrams in a row, i.e. a
 * substring of one column). A shorter one occurs exactly where some trigram starts with it — the
 * padding gives every character a trigram of its own — so it is the OR of those tokens, read from
 * the vocabulary. With none, the term alone: fewer than three characters match no row.
 */
function termExpression(ctx: SqlContext, term: string): string | null {
  if ([...term].length >= TRIGRAM) return ftsString(term);
  const tokens = tokensStartingWith(ctx, term, MAX_TOKENS);
  // Only ASCII terms: LIKE folds ASCII case only, so it agrees with the index for them alone.
  if (tokens.length > MAX_TOKENS && ASCII.test(term)) return null;
  if (tokens.length === 0) return ftsString(term);
  return tokens.length === 1 ? ftsString(tokens[0]!) : `(${tokens.map(ftsString).join(' OR ')})`;
}

/** How a search's terms are matched: through an FTS5 index, and row by row for common short terms. */
export interface SearchMatch {
  /** The FTS5 table `fts` is a query of: the word index or the trigram index. */
  index: string;
  /** The FTS5 query (`"a" AND ("bc," OR "bcd")`), or null when no term goes through the index. */
  fts: string | null;
  /** ASCII terms of 1–2 characters so common that testing rows is cheaper (see {@link scanConditions}). */
  scanned: string[];
}

/**
 * Per term, the vocabulary words that contain it, when the word index answers every term (3+
 * ASCII letters and digits with a letter, each part of few words, no ticket waiting to be
 * indexed); else null. A term without separators is a substring of a column exactly when it is
 * part of one of its words.
 */
function wordsOfTerms(ctx: SqlContext, terms: readonly string[]): string[][] | null {
  if (terms.length === 0 || !terms.every(isWordTerm) || !wordIndexComplete(ctx)) return null;
  const out: string[][] = [];
  for (const term of terms) {
    const words = vocabularyWordsContaining(ctx, term, MAX_WORDS);
    if (words === null) return null;
    out.push(words);
  }
  return out;
}

/**
 * How many of the word index's posting lists a search through it reads (one per word containing a
 * term), or null when the trigram index answers the search instead.
 */
export function wordIndexPostingLists(ctx: SqlContext, terms: readonly string[]): number | null {
  return wordsOfTerms(ctx, terms)?.reduce((n, words) => n + words.length, 0) ?? null;
}

/** The word index's query: per term, the OR of the words that contain it. */
function wordMatch(terms: readonly string[], wordsPerTerm: readonly string[][]): string {
  return wordsPerTerm
    .map((words, i) =>
      // No word contains it: the term itself, which the index does not hold, matches nothing.
      words.length === 0 ? ftsString(terms[i]!.toLowerCase()) : words.length === 1 ? ftsString(words[0]!) : `(${words.map(ftsString).join(' OR ')})`,
    )
    .join(' AND ');
}

/**
 * How to match tickets where every term is a case-insensitive substring of ticket number,
 * subject, description or tags: through the word index when every term is 3+ ASCII letters and
 * digits with a letter that few words contain (and no ticket waits to be indexed), else through
 * the trigram index. Both read a vocabulary, so the answer belongs to one snapshot.
 */
export function searchMatch(ctx: SqlContext, terms: readonly string[]): SearchMatch {
  const wordsPerTerm = wordsOfTerms(ctx, terms);
  if (wordsPerTerm !== null) return { index: ctx.names.ticket_words, fts: wordMatch(terms, wordsPerTerm), scanned: [] };
  const fts: string[] = [];
  const scanned: string[] = [];
  for (const term of terms) {
    const expression = termExpression(ctx, term);
    if (expression === null) scanned.push(term);
    else fts.push(expression);
  }
  return { index: ctx.names.ticket_search, fts: fts.length === 0 ? null : fts.join(' AND '), scanned };
}

/** A term as a LIKE pattern matching it anywhere, with `\` escaping `%`, `_` and itself. */
function likeContains(term: string): string {
  return `%${term.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`;
}

/**
 * Row conditions (alias `t`) for common short (ASCII) terms: `LIKE … ESCAPE` over the four
 * searched columns.
 */
export function scanConditions(terms: readonly string[]): Expression<SqlBool>[] {
  return terms.map((term) => {
    const p = likeContains(term);
    return sql<SqlBool>`(t.ticket_number LIKE ${p} ESCAPE '\\' OR t.subject LIKE ${p} ESCAPE '\\' OR t.description LIKE ${p} ESCAPE '\\' OR t.tags LIKE ${p} ESCAPE '\\')`;
  });
}
