/**
 * When to retry a failed attempt. Either a fixed list of delays (attempt 2 waits the first, …;
 * after the last the delivery fails), or exponential backoff with full jitter for a minimum window.
 */
export type RetryPolicy =
  | { kind: 'schedule'; delaysMs: number[] }
  | { kind: 'backoff'; baseMs: number; capMs: number; windowMs: number };

/** Default: backoff from 5 s, each wait at most 1 h, retrying until 24 h after the first attempt. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { kind: 'backoff', baseMs: 5_000, capMs: 3_600_000, windowMs: 24 * 3_600_000 };

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses one duration such as `500ms`, `5s`, `2m`, `1h`, `1d` (a bare number is seconds). */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) throw new Error(`Invalid duration "${text}": use a number with ms, s, m, h or d, e.g. 30s.`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 's']!);
}

/** Parses `TESSERA_WEBHOOK_RETRY_SCHEDULE`-style text (`5s,30s,2m`) into a fixed schedule. */
export function parseRetrySchedule(text: string): RetryPolicy {
  const parts = text.split(',').filter((p) => p.trim() !== '');
  if (parts.length === 0) throw new Error('Empty retry schedule: list durations such as 5s,30s,2m.');
  return { kind: 'schedule', delaysMs: parts.map(parseDuration) };
}

/**
 * The time of the next attempt after attempt number `attempt` failed at `now`, or null when the
 * delivery should fail. `retryAfterMs` (the receiver's `Retry-After`) replaces the computed wait;
 * a fixed schedule still ends after its last entry. `random` returns [0, 1).
 */
export function nextRetryAt(
  policy: RetryPolicy,
  attempt: number,
  firstAttemptAt: Date,
  now: Date,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): Date | null {
  if (policy.kind === 'schedule') {
    const delay = policy.delaysMs[attempt - 1];
    if (delay === undefined) return null;
    return new Date(now.getTime() + (retryAfterMs ?? delay));
  }
  if (now.getTime() - firstAttemptAt.getTime() >= policy.windowMs) return null;
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt - 1, 30));
  // Full jitter, with a floor of one base delay so retries never spin.
  const delay = retryAfterMs ?? Math.max(policy.baseMs, Math.floor(random() * ceiling));
  return new Date(now.getTime() + delay);
}

/** Parses a `Retry-After` header (seconds or an HTTP date) into milliseconds from `now`; null if absent or invalid. */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (!value) return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}
