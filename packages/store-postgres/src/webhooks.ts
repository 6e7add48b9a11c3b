import { sql, type Kysely } from 'kysely';
import { NATIVE_CODEC, type SqlRunner, type WebhookDatabase, type WebhookSqlDialect } from '@tessera/store-kysely';

/**
 * The webhook/idempotency SQL's view of a PostgreSQL schema. (Outbox ids follow commit order
 * through the table's own trigger, see the `0002-webhooks` migration; a store transaction sends
 * its outbox INSERT with its COMMIT, so the trigger's lock spans no client round trip.)
 */
export function postgresWebhookDialect(builder: Kysely<unknown>, schema: string): WebhookSqlDialect {
  return {
    builder,
    tables: {
      outbox: `${schema}.outbox`,
      subscriptions: `${schema}.webhook_subscriptions`,
      attempts: `${schema}.webhook_attempts`,
      idempotency: `${schema}.idempotency_keys`,
    },
    time: NATIVE_CODEC,
    bool: NATIVE_CODEC,
    skipLocked: (alias) => (alias ? sql`FOR UPDATE OF ${sql.raw(alias)} SKIP LOCKED` : sql`FOR UPDATE SKIP LOCKED`),
    // Since 0007 claims start at the cursor: no index of open events to write on every append.
    outboxCursor: { table: `${schema}.outbox_cursor`, keepNewest: false },
  };
}

/** Runs compiled statements on a Kysely connection or transaction. */
export function postgresRunner(db: Kysely<unknown>): SqlRunner {
  return { rows: async <R>(query: Parameters<SqlRunner['rows']>[0]) => (await db.executeQuery<R>(query)).rows };
}

/** The webhook and idempotency stores' access to the pool; `fail` maps driver errors to `StoreError`s. */
export function postgresWebhookDatabase(root: Kysely<unknown>, schema: string, fail: (error: unknown) => never): WebhookDatabase {
  return {
    dialect: postgresWebhookDialect(root, schema),
    run: (fn) => fn(postgresRunner(root)).catch(fail),
    transaction: (fn) =>
      root
        .transaction()
        .execute((trx) => fn(postgresRunner(trx)))
        .catch(fail),
  };
}
