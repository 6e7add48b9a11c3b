import { z } from 'zod';

/**
 * Normalises tags: accepts the seed's comma-separated string or an array;
 * returns trimmed, lower-cased, de-duplicated tags in first-seen order.
 */
export function normalizeTags(input: string | readonly string[] | null | undefined): string[] {
  if (input == null) return [];
  const parts = typeof input === 'string' ? input.split(',') : input.flatMap((t) => t.split(','));
  const seen = new Set<string>();
  for (const part of parts) {
    const tag = part.trim().toLowerCase();
    if (tag) seen.add(tag);
  }
  return [...seen];
}

/** Renders normalised tags the way the seed stores them: `"a, b, c"`. */
export function formatTags(tags: readonly string[]): string {
  return tags.join(', ');
}

/**
 * Parses tags stored as {@link formatTags} wrote them. Normalised tags never contain commas
 * (normalisation splits on them), so splitting on `", "` is exact.
 */
export function parseFormattedTags(stored: string): string[] {
  return stored === '' ? [] : stored.split(', ');
}

/** Tags as accepted from callers: a comma-separated string or a list of strings. */
export const tagsInputSchema = z
  .union([z.string().max(2000), z.array(z.string().max(100)).max(100)])
  .nullable()
  .transform((value) => normalizeTags(value));
