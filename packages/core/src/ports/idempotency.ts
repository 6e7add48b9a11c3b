/** How long a stored answer is replayed: a record older than this counts as absent. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * How long a request may hold its key unfinished. A record still `in_progress` after this (the
 * process handling it died) counts as absent, so a key is never stuck answering 409 for a day.
 */
export const IDEMPOTENCY_IN_PROGRESS_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * What `begin` found for a `(userId, key)` pair:
 * - `new`: no live record; one is now stored `in_progress` for this caller, who must end it with
 *   `complete` or `abandon`.
 * - `in_progress`: another request with the same key and the same request hash is running (409).
 * - `done`: the same request finished before; replay `status` and `body` and change nothing.
 * - `mismatch`: a live record exists for this key with a different request hash (422), whether it
 *   is finished or still running.
 */
export type IdempotencyBegin =
  | { state: 'new' }
  | { state: 'in_progress' }
  | { state: 'done'; status: number; body: string }
  | { state: 'mismatch' };

/**
 * Storage for `Idempotency-Key`: one record per `(userId, key)`, holding the hash of the request
 * that claimed it and, once answered, its status and body.
 *
 * Concurrency contract (the conformance suite checks it with two connections): `begin` is atomic
 * across processes. Of any number of concurrent `begin` calls for the same pair with no live
 * record, exactly one gets `new`; the others get `in_progress` (same hash) or `mismatch`. SQL
 * stores get this from the primary key `(user_id, key)` and a single
 * `INSERT … ON CONFLICT DO UPDATE … WHERE <record expired>` (or insert-or-read inside one write
 * transaction), never from a read followed by a separate write.
 *
 * A record is live while `createdAt > now - IDEMPOTENCY_TTL_MS` and, while in progress, while
 * `createdAt > now - IDEMPOTENCY_IN_PROGRESS_TIMEOUT_MS`; an expired record is replaced by `begin`
 * as if absent.
 */
export interface IdempotencyStore {
  /**
   * Claims `key` for `userId` unless a live record exists; `requestHash` identifies the request
   * (method, path and canonical body), `now` is the request time.
   */
  begin(userId: number, key: string, requestHash: string, now: Date): Promise<IdempotencyBegin>;
  /** Stores the answer of the request that got `new` (2xx and 4xx answers), for replays. */
  complete(userId: number, key: string, status: number, body: string): Promise<void>;
  /** Forgets the record of the request that got `new` (a 5xx answer is not stored). */
  abandon(userId: number, key: string): Promise<void>;
  /** Deletes records created before `before`; returns how many. */
  prune(before: Date): Promise<number>;
}
