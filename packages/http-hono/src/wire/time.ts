/** ISO 8601 UTC as on the wire: `2024-12-31T23:59:59Z`, milliseconds only when non-zero (as core's history values). */
export function wireTime(date: Date): string;
export function wireTime(date: Date | null): string | null;
export function wireTime(date: Date | null): string | null {
  return date === null ? null : date.toISOString().replace(/\.000Z$/u, 'Z');
}
