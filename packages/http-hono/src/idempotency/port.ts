/**
 * The idempotency store the middleware needs (core's `IdempotencyStore` satisfies it).
 *
 * `begin` is atomic per (user, key): it records the key as running and answers `new`, or tells
 * what is already there — `in_progress` (another request with this key is running), `done`
 * (finished: its stored answer), or `mismatch` (the key was used with a different request hash).
 * A record older than the 24 h window counts as absent.
 */
export interface IdempotencyPort {
  begin(userId: number, key: string, requestHash: string, now: Date): Promise<IdempotencyBegin>;
  /** Stores the answer of the running request. */
  complete(userId: number, key: string, status: number, body: string, now: Date): Promise<void>;
  /** Forgets a running request whose answer is not stored (5xx, crash), so the key may be retried. */
  abandon(userId: number, key: string): Promise<void>;
  /** Deletes records started before `before`; returns how many. */
  prune(before: Date): Promise<number>;
}

export type IdempotencyBegin =
  | { state: 'new' }
  | { state: 'in_progress' }
  | { state: 'done'; status: number; body: string }
  | { state: 'mismatch' };
