/**
 * Splits a search string into terms (whitespace or commas), lower-cased, de-duplicated.
 * A ticket matches when every term occurs, case-insensitively, as a substring of at least
 * one of ticket number, subject, description or tags (DRF SearchFilter semantics).
 */
export function parseSearchTerms(search: string | null | undefined): string[] {
  if (!search) return [];
  return [...new Set(search.split(/[\s,]+/u).map((t) => t.toLowerCase()).filter(Boolean))];
}

/** Reference implementation of the match rule, used by the in-memory store and tests. */
export function matchesSearch(
  haystacks: readonly string[],
  terms: readonly string[],
): boolean {
  const lowered = haystacks.map((h) => h.toLowerCase());
  return terms.every((term) => lowered.some((h) => h.includes(term)));
}
