import { sql } from 'kysely';
import type { DeliveryAttempt, DeliveryStore } from '@tessera/core';
import { decodeNullable, encodeNullable, type WebhookDatabase, type WebhookSqlDialect } from './sql-session.js';

interface AttemptRow {
  id: number | string;
  subscription_id: number | string;
  event_id: number | string;
  event_type: string;
  attempt: number | string;
  outcome: DeliveryAttempt['outcome'];
  status_code: number | null;
  duration_ms: number | null;
  error: string | null;
  created_at: unknown;
  next_attempt_at: unknown;
  delivered_at: unknown;
  first_attempt_at: unknown;
  total?: number | string;
}

const COLUMNS = sql`id, subscription_id, event_id, event_type, attempt, outcome, status_code, duration_ms, error,
  created_at, next_attempt_at, delivered_at, first_attempt_at`;

function toAttempt(d: WebhookSqlDialect, row: AttemptRow): DeliveryAttempt {
  return {
    id: Number(row.id),
    subscriptionId: Number(row.subscription_id),
    eventId: Number(row.event_id),
    eventType: row.event_type,
    attempt: Number(row.attempt),
    outcome: row.outcome,
    statusCode: row.status_code === null ? null : Number(row.status_code),
    durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    error: row.error,
    createdAt: d.time.decode(row.created_at) as Date,
    nextAttemptAt: decodeNullable<Date>(d.time, row.next_attempt_at),
    deliveredAt: decodeNullable<Date>(d.time, row.delivered_at),
    firstAttemptAt: d.time.decode(row.first_attempt_at) as Date,
  };
}

// How many due rows a claim looks at per row it may return: enough that a busy endpoint capped at
// `perSubscription` leaves room for others, while the scan (and Postgres' row locks) stays bounded.
const SCAN_FACTOR = 8;

/** Delivery attempts over SQL (see `DeliveryStore` for the contract and the claim statement). */
export function createSqlDeliveries(db: WebhookDatabase): DeliveryStore {
  const d = db.dialect;
  const t = sql.table(d.tables.attempts);
  const subs = sql.table(d.tables.subscriptions);
  const byDue = (a: DeliveryAttempt, b: DeliveryAttempt) => a.nextAttemptAt!.getTime() - b.nextAttemptAt!.getTime() || a.id - b.id;

  return {
    async enqueue(deliveries, now) {
      if (deliveries.length === 0) return;
      const at = d.time.encode(now);
      const values = deliveries.map((x) => sql`(${x.subscriptionId}, ${x.eventId}, ${x.eventType}, 1, 'pending', ${at}, ${at}, ${at})`);
      await db.run((s) =>
        s.rows(sql`
          INSERT INTO ${t} (subscription_id, event_id, event_type, attempt, outcome, created_at, next_attempt_at, first_attempt_at)
          VALUES ${sql.join(values)} ON CONFLICT (subscription_id, event_id, attempt) DO NOTHING`),
      );
    },

    async claimDue({ owner, now, leaseMs, limit, perSubscription, skipSubscriptions }) {
      if (limit <= 0 || perSubscription <= 0) return [];
      const nowAt = d.time.encode(now);
      const until = d.time.encode(new Date(now.getTime() + leaseMs));
      const skip = skipSubscriptions.length > 0 ? sql`AND a.subscription_id NOT IN (${sql.join([...skipSubscriptions])})` : sql``;
      const rows = await db.run((s) =>
        s.rows<AttemptRow>(sql`
          WITH due AS (
            SELECT a.id, a.subscription_id, a.next_attempt_at FROM ${t} a
            JOIN ${subs} s ON s.id = a.subscription_id AND s.is_active = ${d.bool.encode(true)}
            WHERE a.outcome = 'pending' AND a.next_attempt_at <= ${nowAt}
              AND (a.lease_expires_at IS NULL OR a.lease_expires_at <= ${nowAt}) ${skip}
            ORDER BY a.next_attempt_at, a.id LIMIT ${limit * SCAN_FACTOR} ${d.skipLocked('a') ?? sql``}
          ), ranked AS (
            SELECT id, next_attempt_at, row_number() OVER (PARTITION BY subscription_id ORDER BY next_attempt_at, id) AS n FROM due
          )
          UPDATE ${t} SET lease_owner = ${owner}, lease_expires_at = ${until}
          WHERE id IN (SELECT id FROM ranked WHERE n <= ${perSubscription} ORDER BY next_attempt_at, id LIMIT ${limit})
          RETURNING ${COLUMNS}`),
      );
      return rows.map((row) => toAttempt(d, row)).sort(byDue);
    },

    async complete(attemptId, owner, result, now) {
      const at = d.time.encode(now);
      const retryAt = result.outcome === 'retrying' ? result.retryAt : null;
      return db.transaction(async (s) => {
        const [done] = await s.rows<AttemptRow>(sql`
          UPDATE ${t} SET outcome = ${result.outcome}, status_code = ${result.statusCode}, duration_ms = ${result.durationMs},
            error = ${result.error}, next_attempt_at = ${encodeNullable(d.time, retryAt)},
            delivered_at = ${result.outcome === 'delivered' ? at : null}, lease_owner = NULL, lease_expires_at = NULL
          WHERE id = ${attemptId} AND lease_owner = ${owner} AND outcome = 'pending'
          RETURNING ${COLUMNS}`);
        if (!done) return false;
        if (retryAt) {
          await s.rows(sql`
            INSERT INTO ${t} (subscription_id, event_id, event_type, attempt, outcome, created_at, next_attempt_at, first_attempt_at)
            VALUES (${done.subscription_id}, ${done.event_id}, ${done.event_type}, ${Number(done.attempt) + 1}, 'pending', ${at},
                    ${d.time.encode(retryAt)}, ${done.first_attempt_at})
            ON CONFLICT (subscription_id, event_id, attempt) DO NOTHING`);
        }
        return true;
      });
    },

    async cancelPending(subscriptionId, error) {
      const rows = await db.run((s) =>
        s.rows(sql`
          UPDATE ${t} SET outcome = 'failed', error = ${error}, next_attempt_at = NULL, lease_owner = NULL, lease_expires_at = NULL
          WHERE subscription_id = ${subscriptionId} AND outcome = 'pending' RETURNING id`),
      );
      return rows.length;
    },

    async listAttempts(subscriptionId, { offset, limit }) {
      return db.run(async (s) => {
        const rows = await s.rows<AttemptRow>(sql`
          SELECT ${COLUMNS}, COUNT(*) OVER () AS total FROM ${t} WHERE subscription_id = ${subscriptionId}
          ORDER BY id DESC LIMIT ${limit} OFFSET ${offset}`);
        const count = rows[0]
          ? Number(rows[0].total)
          : Number((await s.rows<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${t} WHERE subscription_id = ${subscriptionId}`))[0]!.n);
        return { count, results: rows.map((row) => toAttempt(d, row)) };
      });
    },
  };
}
