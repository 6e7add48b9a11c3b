import { sql } from 'kysely';
import { IDEMPOTENCY_IN_PROGRESS_TIMEOUT_MS, IDEMPOTENCY_TTL_MS, type IdempotencyBegin, type IdempotencyStore } from '@tessera/core';
import type { WebhookDatabase } from './sql-session.js';

interface RecordRow {
  request_hash: string;
  status: number | null;
  body: string | null;
}

/**
 * `Idempotency-Key` records over SQL. `begin` is one statement, atomic across processes:
 * `INSERT … ON CONFLICT (user_id, idem_key) DO UPDATE … WHERE <the stored record expired>
 * RETURNING` — a returned row means this caller claimed the key; no row means a live record
 * exists, which is then read. (If that record vanishes in between — its owner abandoned it — the
 * claim is simply tried again.)
 */
export function createSqlIdempotency(db: WebhookDatabase): IdempotencyStore {
  const d = db.dialect;
  const t = sql.table(d.tables.idempotency);
  return {
    async begin(userId, key, requestHash, now): Promise<IdempotencyBegin> {
      const at = d.time.encode(now);
      const expired = d.time.encode(new Date(now.getTime() - IDEMPOTENCY_TTL_MS));
      const stale = d.time.encode(new Date(now.getTime() - IDEMPOTENCY_IN_PROGRESS_TIMEOUT_MS));
      for (;;) {
        const claimed = await db.run((s) =>
          s.rows(sql`
            INSERT INTO ${t} AS r (user_id, idem_key, request_hash, created_at, status, body)
            VALUES (${userId}, ${key}, ${requestHash}, ${at}, NULL, NULL)
            ON CONFLICT (user_id, idem_key) DO UPDATE
              SET request_hash = excluded.request_hash, created_at = excluded.created_at, status = NULL, body = NULL
              WHERE r.created_at <= ${expired} OR (r.status IS NULL AND r.created_at <= ${stale})
            RETURNING user_id`),
        );
        if (claimed.length > 0) return { state: 'new' };
        const [row] = await db.run((s) =>
          s.rows<RecordRow>(sql`SELECT request_hash, status, body FROM ${t} WHERE user_id = ${userId} AND idem_key = ${key}`),
        );
        if (!row) continue;
        if (row.request_hash !== requestHash) return { state: 'mismatch' };
        if (row.status === null || row.body === null) return { state: 'in_progress' };
        return { state: 'done', status: Number(row.status), body: row.body };
      }
    },
    async complete(userId, key, status, body) {
      await db.run((s) =>
        s.rows(sql`UPDATE ${t} SET status = ${status}, body = ${body} WHERE user_id = ${userId} AND idem_key = ${key} AND status IS NULL`),
      );
    },
    async abandon(userId, key) {
      await db.run((s) => s.rows(sql`DELETE FROM ${t} WHERE user_id = ${userId} AND idem_key = ${key} AND status IS NULL`));
    },
    async prune(before) {
      const rows = await db.run((s) => s.rows(sql`DELETE FROM ${t} WHERE created_at < ${d.time.encode(before)} RETURNING user_id`));
      return rows.length;
    },
  };
}
