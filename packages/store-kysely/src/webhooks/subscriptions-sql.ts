import { sql, type RawBuilder } from 'kysely';
import type { Subscription, SubscriptionPatch, SubscriptionStore } from '@tessera/core';
import { decodeNullable, JSON_CODEC, type WebhookDatabase, type WebhookSqlDialect } from './sql-session.js';

interface SubscriptionRow {
  id: number | string;
  url: string;
  events: unknown;
  include_internal: unknown;
  description: string;
  secret: string;
  is_active: unknown;
  failing_since: unknown;
  created_at: unknown;
  updated_at: unknown;
  total?: number | string;
}

const COLUMNS = sql`id, url, events, include_internal, description, secret, is_active, failing_since, created_at, updated_at`;

function toSubscription(d: WebhookSqlDialect, row: SubscriptionRow): Subscription {
  return {
    id: Number(row.id),
    url: row.url,
    events: JSON_CODEC.decode(row.events) as string[],
    includeInternal: d.bool.decode(row.include_internal) as boolean,
    description: row.description,
    secret: row.secret,
    isActive: d.bool.decode(row.is_active) as boolean,
    failingSince: decodeNullable<Date>(d.time, row.failing_since),
    createdAt: d.time.decode(row.created_at) as Date,
    updatedAt: d.time.decode(row.updated_at) as Date,
  };
}

/** Webhook subscriptions over SQL (see `SubscriptionStore` for the contract). */
export function createSqlSubscriptions(db: WebhookDatabase): SubscriptionStore {
  const d = db.dialect;
  const t = sql.table(d.tables.subscriptions);
  const one = async (query: RawBuilder<SubscriptionRow>) => {
    const [row] = await db.run((s) => s.rows(query));
    return row ? toSubscription(d, row) : null;
  };
  return {
    async create(input, now) {
      const at = d.time.encode(now);
      const created = await one(sql`
        INSERT INTO ${t} (url, events, include_internal, description, secret, is_active, failing_since, created_at, updated_at)
        VALUES (${input.url}, ${JSON_CODEC.encode(input.events)}, ${d.bool.encode(input.includeInternal)}, ${input.description},
                ${input.secret}, ${d.bool.encode(true)}, NULL, ${at}, ${at})
        RETURNING ${COLUMNS}`);
      return created!;
    },
    get: (id) => one(sql`SELECT ${COLUMNS} FROM ${t} WHERE id = ${id}`),
    async list({ offset, limit }) {
      return db.run(async (s) => {
        const rows = await s.rows<SubscriptionRow>(sql`
          SELECT ${COLUMNS}, COUNT(*) OVER () AS total FROM ${t} ORDER BY id LIMIT ${limit} OFFSET ${offset}`);
        const count = rows[0] ? Number(rows[0].total) : Number((await s.rows<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${t}`))[0]!.n);
        return { count, results: rows.map((row) => toSubscription(d, row)) };
      });
    },
    async listActive() {
      const rows = await db.run((s) => s.rows<SubscriptionRow>(sql`SELECT ${COLUMNS} FROM ${t} WHERE is_active = ${d.bool.encode(true)} ORDER BY id`));
      return rows.map((row) => toSubscription(d, row));
    },
    async update(id, patch: SubscriptionPatch, now) {
      const sets: RawBuilder<unknown>[] = [sql`updated_at = ${d.time.encode(now)}`];
      if (patch.url !== undefined) sets.push(sql`url = ${patch.url}`);
      if (patch.events !== undefined) sets.push(sql`events = ${JSON_CODEC.encode(patch.events)}`);
      if (patch.includeInternal !== undefined) sets.push(sql`include_internal = ${d.bool.encode(patch.includeInternal)}`);
      if (patch.description !== undefined) sets.push(sql`description = ${patch.description}`);
      if (patch.isActive !== undefined) {
        // Re-enabling an inactive endpoint starts a fresh failure window.
        if (patch.isActive) sets.push(sql`failing_since = CASE WHEN is_active = ${d.bool.encode(false)} THEN NULL ELSE failing_since END`);
        sets.push(sql`is_active = ${d.bool.encode(patch.isActive)}`);
      }
      return one(sql`UPDATE ${t} SET ${sql.join(sets)} WHERE id = ${id} RETURNING ${COLUMNS}`);
    },
    async delete(id) {
      return db.transaction(async (s) => {
        await s.rows(sql`DELETE FROM ${sql.table(d.tables.attempts)} WHERE subscription_id = ${id}`);
        const rows = await s.rows(sql`DELETE FROM ${t} WHERE id = ${id} RETURNING id`);
        return rows.length > 0;
      });
    },
    recordFailure(id, now, deactivateAfterMs) {
      const at = d.time.encode(now);
      const cutoff = d.time.encode(new Date(now.getTime() - deactivateAfterMs));
      return one(sql`
        UPDATE ${t} SET failing_since = COALESCE(failing_since, ${at}),
          is_active = CASE WHEN COALESCE(failing_since, ${at}) <= ${cutoff} THEN ${d.bool.encode(false)} ELSE is_active END
        WHERE id = ${id} RETURNING ${COLUMNS}`);
    },
    async recordSuccess(id) {
      await db.run((s) => s.rows(sql`UPDATE ${t} SET failing_since = NULL WHERE id = ${id} AND failing_since IS NOT NULL`));
    },
    async deactivate(id, now) {
      await db.run((s) => s.rows(sql`UPDATE ${t} SET is_active = ${d.bool.encode(false)}, updated_at = ${d.time.encode(now)} WHERE id = ${id}`));
    },
  };
}
