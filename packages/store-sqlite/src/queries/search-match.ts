import { searchTermsTable } from '../migrations/0007-search-short-terms.js';
import type { SqlContext } from './context.js';

// Trigram tokens are three characters long.
const TRIGRAM = 3;
// Above every code point: bounds a prefix range over tokens of at most three characters.
const TOP = '\u{10FFFF}'.repeat(TRIGRAM);

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
 * The index's tokens that start with `prefix`, in order: one seek into the vocabulary per token
 * (a range scan of the vocabulary would walk every occurrence of each token).
 */
function tokensStartingWith(ctx: SqlContext, prefix: string): string[] {
  const stmt = ctx.statement(`SELECT term FROM ${searchTermsTable(ctx.names)} WHERE term >= ? AND term < ? LIMIT 1`).pluck();
  const end = prefix + TOP;
  const tokens: string[] = [];
  for (let from = prefix; ; ) {
    const token = stmt.get(from, end) as string | undefined;
    if (token === undefined) return tokens;
    tokens.push(token);
    from = successor(token);
  }
}

/**
 * One term as an FTS5 expression over the trigram index of text padded with two commas.
 * A term of 3+ characters is a phrase (its trigrams in a row, i.e. a substring of one column).
 * A shorter one occurs exactly where some trigram starts with it — the padding gives every
 * character a trigram of its own — so it is the OR of those tokens, read from the vocabulary.
 * With none, the term alone: fewer than three characters match no row.
 */
function termExpression(ctx: SqlContext, term: string): string {
  if ([...term].length >= TRIGRAM) return ftsString(term);
  const tokens = tokensStartingWith(ctx, term);
  if (tokens.length === 0) return ftsString(term);
  return tokens.length === 1 ? ftsString(tokens[0]!) : `(${tokens.map(ftsString).join(' OR ')})`;
}

/**
 * The FTS5 query matching tickets where every term is a case-insensitive substring of ticket
 * number, subject, description or tags (`"a" AND ("bc," OR "bcd")`), or null without terms.
 * Terms of 1–2 characters read the index's vocabulary, so the query belongs to one snapshot.
 */
export function searchMatch(ctx: SqlContext, terms: readonly string[]): string | null {
  return terms.length === 0 ? null : terms.map((term) => termExpression(ctx, term)).join(' AND ');
}
