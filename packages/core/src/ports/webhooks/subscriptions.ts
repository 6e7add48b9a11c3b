/** A webhook endpoint registered by staff. */
export interface Subscription {
  id: number;
  url: string;
  /** Event types delivered, or `['*']` for all of them. Never empty. */
  events: string[];
  /** Whether internal comments and the history about them are delivered. */
  includeInternal: boolean;
  description: string;
  /** `whsec_` + base64 of the key bytes; shown to the user on create only. */
  secret: string;
  isActive: boolean;
  /** Start of the current unbroken run of failed attempts; null after any success. */
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewSubscription = Pick<Subscription, 'url' | 'events' | 'includeInternal' | 'description' | 'secret'>;
export type SubscriptionPatch = Partial<Pick<Subscription, 'url' | 'events' | 'includeInternal' | 'description' | 'isActive'>>;

/**
 * Storage of webhook subscriptions.
 *
 * Concurrency contract:
 * - `update` of `isActive` to true also clears `failingSince` (a re-enabled endpoint gets a fresh
 *   five days).
 * - `recordFailure` is atomic per row: the first failure of a run sets `failingSince = now`
 *   (`COALESCE(failing_since, $now)`), later ones keep it; in the same statement the endpoint is
 *   deactivated when `failingSince <= now - deactivateAfterMs`. It returns the row after the
 *   change. Two processes recording failures at once both keep the earliest start.
 * - `recordSuccess` clears `failingSince` (`UPDATE … SET failing_since = NULL`).
 * - `deactivate` sets `isActive = false` (used for HTTP 410 Gone).
 *
 * SQL stores: table `tessera_webhook_subscriptions (id, url, events json, include_internal,
 * description, secret, is_active, failing_since, created_at, updated_at)`; `recordFailure` is
 * `UPDATE … SET failing_since = COALESCE(failing_since, $now), is_active = CASE WHEN
 * COALESCE(failing_since, $now) <= $now - $after THEN false ELSE is_active END WHERE id = $id
 * RETURNING *` (SQLite: the same with `RETURNING`, 3.35+).
 */
export interface SubscriptionStore {
  create(input: NewSubscription, now: Date): Promise<Subscription>;
  get(id: number): Promise<Subscription | null>;
  /** Ordered by id; `count` is the total. */
  list(page: { offset: number; limit: number }): Promise<{ count: number; results: Subscription[] }>;
  /** Active subscriptions, for fan-out (endpoints are few: tens, not millions). */
  listActive(): Promise<Subscription[]>;
  update(id: number, patch: SubscriptionPatch, now: Date): Promise<Subscription | null>;
  /** Deletes the subscription and its delivery attempts; false when it did not exist. */
  delete(id: number): Promise<boolean>;
  recordFailure(id: number, now: Date, deactivateAfterMs: number): Promise<Subscription | null>;
  recordSuccess(id: number): Promise<void>;
  deactivate(id: number, now: Date): Promise<void>;
}
