import type { Context } from 'hono';

/** How sign-in attempts are limited; every field has a default. */
export interface SignInLimits {
  /** Attempts (right or wrong) one client address may make per window. Default 10 per 60 s. */
  perAddress?: { attempts: number; windowSeconds: number };
  /** Failed attempts per account (email) per window, from any address. Default 5 per 900 s. */
  perAccount?: { failures: number; windowSeconds: number };
  /**
   * Credential checks (each a deliberately slow password hash) running at once. Default 2, so a
   * flood of sign-ins leaves the other cores' worth of CPU to the API. More wait in line.
   */
  concurrency?: number;
  /** Sign-ins allowed to wait for a check; beyond this they are refused at once. Default 32. */
  queue?: number;
}

/** The client address of a request, when the runtime tells it. */
export type ClientAddress = (c: Context) => string | undefined;

/**
 * The address of the TCP peer as `@hono/node-server` exposes it (`c.env.incoming`). Forwarded
 * headers are not read: a client sets them to whatever it likes. Behind a proxy, pass a
 * `clientAddress` that reads the header your proxy sets.
 */
export const socketAddress: ClientAddress = (c) =>
  (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;

/** Counters are kept for at most this many keys, so a flood of addresses cannot grow memory. */
const MAX_KEYS = 10_000;

class WindowCounter {
  private readonly counts = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly windowMs: number) {}

  /** The live count of `key` and when its window ends. */
  peek(key: string, now: number): { count: number; resetAt: number } {
    const entry = this.counts.get(key);
    return entry && entry.resetAt > now ? entry : { count: 0, resetAt: now + this.windowMs };
  }

  add(key: string, now: number): void {
    const entry = this.peek(key, now);
    this.counts.delete(key);
    this.counts.set(key, { count: entry.count + 1, resetAt: entry.resetAt });
    if (this.counts.size > MAX_KEYS) this.prune(now);
  }

  clear(key: string): void {
    this.counts.delete(key);
  }

  private prune(now: number): void {
    for (const [key, entry] of this.counts) if (entry.resetAt <= now) this.counts.delete(key);
    // Still full: forget the least recently counted keys (Map keeps insertion order).
    for (const key of this.counts.keys()) {
      if (this.counts.size <= MAX_KEYS) break;
      this.counts.delete(key);
    }
  }
}

/** Why an attempt is refused before its credentials are checked, and for how long. */
export interface Refusal {
  retryAfterSeconds: number;
  message: string;
}

/** Rate limits and bounded concurrency for the admin sign-in (one per admin router). */
export interface SignInLimiter {
  /** Counts an attempt from `address` for `account` and says whether it may go on. */
  admit(address: string | undefined, account: string | undefined): Refusal | null;
  /** Runs a credential check within the concurrency bound; null when the line is full. */
  check<T>(fn: () => Promise<T>): Promise<{ value: T } | null>;
  /** Records the outcome of a check for `account`. */
  settle(account: string | undefined, ok: boolean): void;
}

/** Builds a {@link SignInLimiter}; `now` is for tests. */
export function createSignInLimiter(limits: SignInLimits = {}, now: () => number = Date.now): SignInLimiter {
  const perAddress = limits.perAddress ?? { attempts: 10, windowSeconds: 60 };
  const perAccount = limits.perAccount ?? { failures: 5, windowSeconds: 900 };
  const concurrency = Math.max(1, limits.concurrency ?? 2);
  const queueMax = Math.max(0, limits.queue ?? 32);
  const addresses = new WindowCounter(perAddress.windowSeconds * 1000);
  const failures = new WindowCounter(perAccount.windowSeconds * 1000);
  let running = 0;
  const waiting: Array<() => void> = [];
  const seconds = (resetAt: number, t: number) => Math.max(1, Math.ceil((resetAt - t) / 1000));

  return {
    admit(address, account) {
      const t = now();
      if (address !== undefined) {
        const seen = addresses.peek(address, t);
        if (seen.count >= perAddress.attempts) {
          return { retryAfterSeconds: seconds(seen.resetAt, t), message: 'Too many sign-in attempts from your address.' };
        }
        addresses.add(address, t);
      }
      if (account !== undefined) {
        const failed = failures.peek(account, t);
        if (failed.count >= perAccount.failures) {
          return { retryAfterSeconds: seconds(failed.resetAt, t), message: 'Too many failed sign-ins for this account.' };
        }
      }
      return null;
    },
    async check(fn) {
      if (running >= concurrency) {
        if (waiting.length >= queueMax) return null;
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else running += 1;
      try {
        return { value: await fn() };
      } finally {
        // Hand the slot straight to the next in line, or free it.
        const next = waiting.shift();
        if (next) next();
        else running -= 1;
      }
    },
    settle(account, ok) {
      if (account === undefined) return;
      if (ok) failures.clear(account);
      else failures.add(account, now());
    },
  };
}
