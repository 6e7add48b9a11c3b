import type { Attachment, Comment, Ticket } from '../domain/model.js';
import type { TrackedField } from '../domain/history.js';

/**
 * A value as it reads back from JSON: `Date`s become ISO-8601 strings (`toISOString()`), every
 * other field keeps its name and value.
 */
export type Jsonified<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

/** A ticket as the outbox stores it: core's `Ticket`, camelCase, dates as ISO strings. */
export type OutboxTicket = Jsonified<Ticket>;
/** A comment as the outbox stores it: core's `Comment`, camelCase, dates as ISO strings. */
export type OutboxComment = Jsonified<Comment>;
/** An attachment as the outbox stores it: core's `Attachment`, camelCase, dates as ISO strings. */
export type OutboxAttachment = Jsonified<Attachment>;

/**
 * The exact `data` the ticketing service stores for each event type: a snapshot taken inside the
 * transaction that made the change (so it is what was committed), in core's camelCase domain
 * shape. Converting it to the REST wire shape (snake_case list row, `{id, ticket_number}` for a
 * deletion, absolute links) is the webhook body builder's job, not the store's. `actorId` is the
 * user who made the change.
 *
 * - `ticket.created`: `{ ticket, actorId }`.
 * - `ticket.updated`: `{ ticket, changedFields, actorId }`; `changedFields` are the domain names of
 *   the tracked fields that changed (`status`, `assignedToId`, `dueDate`, …), in a stable order.
 * - `ticket.status_changed`: `{ ticket, from, to, actorId }` (status codes).
 * - `ticket.assigned`: `{ ticket, from, to, actorId }` (user ids; `to: null` is an unassignment).
 * - `ticket.deleted`: `{ ticket, actorId }` (the ticket as it was just before deletion).
 * - `comment.created`: `{ comment, ticket, actorId }` (`ticket` after the change, e.g. with its
 *   first response time set).
 * - `attachment.created`: `{ attachment, ticket, actorId }`.
 * - `attachment.deleted`: `{ attachment, actorId }`.
 *
 * Events about an internal comment are stored with `internal: true`.
 */
export interface OutboxPayloads {
  'ticket.created': { ticket: OutboxTicket; actorId: number };
  'ticket.updated': { ticket: OutboxTicket; changedFields: TrackedField[]; actorId: number };
  'ticket.status_changed': { ticket: OutboxTicket; from: Ticket['status']; to: Ticket['status']; actorId: number };
  'ticket.assigned': { ticket: OutboxTicket; from: number | null; to: number | null; actorId: number };
  'ticket.deleted': { ticket: OutboxTicket; actorId: number };
  'comment.created': { comment: OutboxComment; ticket: OutboxTicket; actorId: number };
  'attachment.created': { attachment: OutboxAttachment; ticket: OutboxTicket; actorId: number };
  'attachment.deleted': { attachment: OutboxAttachment; actorId: number };
}

/** The event types the ticketing service writes to the outbox. */
export type ServiceOutboxEventType = keyof OutboxPayloads;

/**
 * One committed change, as written to the transactional outbox in the same database
 * transaction as the change itself (a rolled-back change leaves no row).
 */
export interface OutboxEvent {
  /** Increases in commit order: a reader that has seen id `n` never later sees a committed id below `n` appear. */
  id: number;
  /** `ticket.created`, `comment.created`, …, `sla.breached` or `ping`. */
  type: string;
  /** When the change happened (the body's `timestamp`). */
  occurredAt: Date;
  /**
   * The snapshot taken at commit. Writers pass any JSON-serialisable value; the store keeps its
   * JSON, so readers always get plain JSON back (a `Date` reads back as its ISO string). For the
   * service's event types its shape is {@link OutboxPayloads}; `ping` and `sla.breached` carry
   * whatever their writer stored.
   */
  data: unknown;
  /**
   * True for internal comments and the history about them: such events reach only
   * subscriptions with `includeInternal`.
   */
  internal: boolean;
  /**
   * Set for `ping`: the one subscription the event is for, whatever its events filter.
   * Null for ordinary events, which fan out to every matching subscription.
   */
  subscriptionId: number | null;
}

/** What a writer supplies; the store assigns `id`. */
export type NewOutboxEvent = Omit<OutboxEvent, 'id'>;

/** A batch handed to one consumer; `token` proves the lease when acknowledging. */
export interface OutboxClaim {
  token: string;
  /** Ordered by id ascending. */
  events: OutboxEvent[];
}

/**
 * The consumer side of the outbox.
 *
 * Concurrency contract:
 * - `claim` hands each unacknowledged event to at most one consumer at a time: an event is
 *   claimable when it is not acknowledged and has no lease, or its lease has expired. Claiming
 *   sets a lease until `now + leaseMs` under a fresh token. Several processes may call `claim` at
 *   once; their batches never overlap while the leases hold.
 * - A consumer killed mid-batch loses nothing: its events stay unacknowledged, the lease runs
 *   out, and the next `claim` (by any process) returns them again. Consumers are therefore
 *   at-least-once and must make their handling idempotent (the dispatcher's fan-out is).
 * - `ack` removes events from circulation only if the token still holds their lease (a consumer
 *   whose lease expired and was re-claimed by another cannot acknowledge the other's batch);
 *   it returns how many it acknowledged.
 *
 * SQL stores (both): a claim is one transaction that first moves a cursor — a one-row table
 * holding the lowest id that may be unacknowledged — over the acknowledged events at its start
 * (forward only; a leased event stops it, and comes back when its lease lapses), then leases from
 * it, walking the primary key:
 *   `UPDATE tessera_outbox SET lease_token = $token, lease_expires_at = $now + $lease
 *    WHERE id IN (SELECT id FROM tessera_outbox WHERE id >= (SELECT open_from FROM cursor)
 *      AND acked_at IS NULL AND (lease_expires_at IS NULL OR lease_expires_at <= $now)
 *      ORDER BY id LIMIT $limit [FOR UPDATE SKIP LOCKED]) RETURNING *` (sort the result by id).
 * - Postgres: `FOR UPDATE SKIP LOCKED`, so concurrent claimers take disjoint rows without
 *   waiting (two claims that both move the cursor meet briefly on its row).
 * - SQLite: no SKIP LOCKED; the transaction is `BEGIN IMMEDIATE` (the write lock serialises
 *   claimers across processes).
 * - `ack`: `UPDATE tessera_outbox SET acked_at = $now, lease_token = NULL WHERE id = ANY($ids)
 *   AND lease_token = $token`.
 * - Ids in commit order: Postgres assigns sequence values at insert, not commit, so every INSERT
 *   into the outbox first takes a transaction-scoped advisory lock (a statement-level
 *   `BEFORE INSERT` trigger on the table, so no extra round trip and no writer can forget it),
 *   held to commit: writers of outbox rows commit one at a time in id order. The service appends
 *   as the transaction's last step, so the lock is held only through COMMIT. SQLite's single
 *   writer gives commit order for free: ids are plain rowids (`max(id) + 1`), never reused
 *   because `prune` keeps the newest row.
 * - No index of open events (the cursor replaces it; Postgres since migration 0007, SQLite since
 *   0009), and on SQLite no AUTOINCREMENT counter: an append writes the table and its primary key.
 */
export interface OutboxReader {
  claim(options: { limit: number; leaseMs: number; now: Date }): Promise<OutboxClaim>;
  ack(token: string, ids: readonly number[], now: Date): Promise<number>;
  /** The events with these ids that still exist (retries read their event from here). */
  get(ids: readonly number[]): Promise<OutboxEvent[]>;
  /**
   * Deletes events acknowledged before `before`, except those that still have a pending delivery
   * attempt (`AND NOT EXISTS (SELECT 1 FROM tessera_webhook_attempts WHERE event_id = o.id AND
   * outcome = 'pending')`); returns how many it deleted. An id is never handed out again after
   * its event is pruned (SQLite keeps the newest row for that).
   */
  prune(before: Date): Promise<number>;
}

/**
 * The writer side, called inside the store transaction that makes the change, so the event
 * commits or rolls back with it. The dispatcher itself only uses it to queue `ping`.
 */
export interface OutboxWriter {
  append(events: readonly NewOutboxEvent[]): Promise<OutboxEvent[]>;
}
