/** Largest page a list call returns; larger requested sizes are clamped (DRF's `max_page_size`). */
export const MAX_PAGE_SIZE = 200;
/** Page size when none (or nonsense) is given. */
export const DEFAULT_PAGE_SIZE = 25;
/** Most search terms one query may hold (each term is one more index probe). */
export const MAX_SEARCH_TERMS = 32;
/** Longest search string: long enough for any search that fits an 8 KB request line. */
export const MAX_SEARCH_LENGTH = 8192;
/** Largest id: ids are positive integers JavaScript represents exactly. */
export const MAX_ID = Number.MAX_SAFE_INTEGER;
/** An id as text (path segments, query strings, form fields): 1–15 digits, no sign. */
export const ID_PATTERN = /^\d{1,15}$/u;

/** The id `text` names, or `null` when it is not a positive integer in {@link ID_PATTERN}. */
export function parseId(text: string): number | null {
  if (!ID_PATTERN.test(text)) return null;
  const id = Number(text);
  return id >= 1 && id <= MAX_ID ? id : null;
}
