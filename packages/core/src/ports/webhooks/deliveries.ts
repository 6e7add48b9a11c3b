/**
 * Where an attempt stands: `pending` (scheduled, not sent yet), `delivered` (a 2xx answer),
 * `retrying` (this attempt failed and the next one is scheduled at `nextAttemptAt`), or `failed`
 * (this attempt failed and no other will follow: retries exhausted, endpoint gone or deactivated).
 */
export type AttemptOutcome = 'pending' | 'delivered' | 'retrying' | 'failed';

/** One row per attempt to deliver one event to one subscription (the delivery log). */
export interface DeliveryAttempt {
  id: number;
  subscriptionId: number;
  eventId: number;
  eventType: string;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  outcome: AttemptOutcome;
  /** HTTP status of the answer; null when there was none (timeout, reset, refused). */
  statusCode: number | null;
  durationMs: number | null;
  /** Why the attempt failed, in a few words; null when delivered or not sent yet. */
  error: string | null;
  /** When the attempt was scheduled. */
  createdAt: Date;
  /** Pending: when it is due. Retrying: when the next attempt is due. Otherwise null. */
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  /** When attempt 1 was scheduled; copied forward so the retry window is measured from it. */
  firstAttemptAt: Date;
}

/** The first attempt of one event for one subscription, created by the fan-out. */
export interface NewDelivery {
  subscriptionId: number;
  eventId: number;
  eventType: string;
}

/** The result of sending one claimed attempt. */
export interface AttemptResult {
  outcome: Exclude<AttemptOutcome, 'pending'>;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  /** Set when `outcome` is `retrying`: a new pending attempt `attempt + 1` is due then. */
  retryAt: Date | null;
}

/**
 * Storage of delivery attempts, and the claim protocol that lets many dispatcher processes share
 * the work.
 *
 * Concurrency contract:
 * - `enqueue` is idempotent on `(subscriptionId, eventId)`: a second fan-out of the same event (a
 *   consumer that died before acknowledging its outbox batch) creates nothing new
 *   (`INSERT … ON CONFLICT (subscription_id, event_id, attempt) DO NOTHING`).
 * - `claimDue` hands each due pending attempt to at most one dispatcher at a time: it takes
 *   attempts with `outcome = 'pending'`, `nextAttemptAt <= now`, whose subscription is active and
 *   whose lease is absent or expired, sets a lease until `now + leaseMs` under `owner`, and returns
 *   them ordered by `(nextAttemptAt, id)`. At most `perSubscription` attempts per subscription and
 *   none for the ids in `skipSubscriptions` (endpoints the caller already keeps busy), so one slow
 *   endpoint cannot fill a batch.
 * - `complete` writes the result only while `owner` still holds the lease (else it returns false
 *   and writes nothing: another dispatcher took the attempt over after the lease ran out). In the
 *   same transaction a `retrying` result inserts the next pending attempt (`attempt + 1`, due at
 *   `retryAt`, same `firstAttemptAt`).
 * - A dispatcher killed while sending leaves its attempts pending; once the lease expires another
 *   claims and sends them again (receivers de-duplicate by `webhook-id`).
 * - `cancelPending` marks every pending attempt of a subscription `failed` with `error` (the
 *   endpoint was deactivated).
 *
 * SQL stores: table `tessera_webhook_attempts (id, subscription_id, event_id, event_type, attempt,
 * outcome, status_code, duration_ms, error, created_at, next_attempt_at, delivered_at,
 * first_attempt_at, lease_owner, lease_expires_at)`, unique `(subscription_id, event_id, attempt)`,
 * index `(next_attempt_at, id) WHERE outcome = 'pending'` and `(subscription_id, id)` for the log.
 * - Postgres `claimDue`, one statement:
 *   `WITH due AS (SELECT a.id, a.subscription_id, a.next_attempt_at FROM tessera_webhook_attempts a
 *      JOIN tessera_webhook_subscriptions s ON s.id = a.subscription_id AND s.is_active
 *      WHERE a.outcome = 'pending' AND a.next_attempt_at <= $now
 *        AND (a.lease_expires_at IS NULL OR a.lease_expires_at <= $now)
 *        AND a.subscription_id <> ALL($skip)
 *      ORDER BY a.next_attempt_at, a.id LIMIT $scan FOR UPDATE OF a SKIP LOCKED),
 *    ranked AS (SELECT id, row_number() OVER (PARTITION BY subscription_id ORDER BY next_attempt_at, id) AS n FROM due)
 *    UPDATE tessera_webhook_attempts t SET lease_owner = $owner, lease_expires_at = $now + $lease
 *    FROM ranked r WHERE t.id = r.id AND r.n <= $perSubscription RETURNING t.*`
 *   (`$scan` a small multiple of `$limit`; apply `$limit` on the ranked rows too).
 * - SQLite: the same SELECT (with the window function) and UPDATE in one `BEGIN IMMEDIATE`
 *   transaction.
 * - `complete`: `UPDATE … SET outcome = $outcome, status_code = …, lease_owner = NULL WHERE id = $id
 *   AND lease_owner = $owner AND outcome = 'pending'`, then the retry `INSERT` when one row changed,
 *   in one transaction.
 */
export interface DeliveryStore {
  enqueue(deliveries: readonly NewDelivery[], now: Date): Promise<void>;
  claimDue(options: {
    owner: string;
    now: Date;
    leaseMs: number;
    limit: number;
    perSubscription: number;
    skipSubscriptions: readonly number[];
  }): Promise<DeliveryAttempt[]>;
  complete(attemptId: number, owner: string, result: AttemptResult, now: Date): Promise<boolean>;
  cancelPending(subscriptionId: number, error: string, now: Date): Promise<number>;
  /** The delivery log of one subscription, newest first; `count` is the total. */
  listAttempts(subscriptionId: number, page: { offset: number; limit: number }): Promise<{ count: number; results: DeliveryAttempt[] }>;
}
