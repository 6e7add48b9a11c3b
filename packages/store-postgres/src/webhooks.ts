import { sql, type Kysely, type RawBuilder } from 'kysely';
import { NATIVE_CODEC, type SqlSession, type WebhookDatabase, type WebhookSqlDialect } from '@tessera/store-kysely';

/**
 * The webhook/idempotency SQL's view of a PostgreSQL schema. (Outbox ids follow commit order
 * through the table's own trigger: see the `0002-webhooks` migration.)
 */
export function postgresWebhookDialect(schema: string): WebhookSqlDialect {
  return {
    tables: {
      outbox: `${schema}.outbox`,
      subscriptions: `${schema}.webhook_subscriptions`,
      attempts: `${schema}.webhook_attempts`,
      idempotency: `${schema}.idempotency_keys`,
    },
    time: NATIVE_CODEC,
    bool: NATIVE_CODEC,
    skipLocked: (alias) => (alias ? sql`FOR UPDATE OF ${sql.raw(alias)} SKIP LOCKED` : sql`FOR UPDATE SKIP LOCKED`),
  };
}

/** Runs the shared statements on a Kysely connection or transaction. */
export function postgresSession(db: Kysely<unknown>): SqlSession {
  return {
    async rows<R>(query: RawBuilder<R>): Promise<R[]> {
      return (await query.execute(db)).rows;
    },
  };
}

/** The webhook and idempotency stores' access to the pool; `fail` maps driver errors to `StoreError`s. */
export function postgresWebhookDatabase(root: Kysely<unknown>, schema: string, fail: (error: unknown) => never): WebhookDatabase {
  return {
    dialect: postgresWebhookDialect(schema),
    run: (fn) => fn(postgresSession(root)).catch(fail),
    transaction: (fn) =>
      root
        .transaction()
        .execute((trx) => fn(postgresSession(trx)))
        .catch(fail),
  };
}
