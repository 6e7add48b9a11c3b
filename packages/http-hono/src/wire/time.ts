/** ISO 8601 UTC as on the wire: `2024-12-31T23:59:59Z`, milliseconds only when non-zero (as core's history values). */
export function wireTime(date: Date): string;
export function wireTime(date: Date | null): string | null;
export function wireTime(date: Date | null): string | null {
  if (date === null) return null;
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
