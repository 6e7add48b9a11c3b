import type { RawBuilder } from 'kysely';
import { inTransactionOf, StoreError } from '@tessera/core';
import { EPOCH_MS_CODEC, INTEGER_BOOLEAN_CODEC, type SqlSession, type WebhookDatabase, type WebhookSqlDialect } from '@tessera/store-kysely';
import { toStoreError } from './errors.js';
import type { ConnectionLock } from './lock.js';
import type { TableNames } from './names.js';
import type { SqlContext } from './queries/context.js';

/** The webhook/idempotency SQL's view of this store's tables (prefixed names, epoch ms, 0/1). */
export function sqliteWebhookDialect(n: TableNames): WebhookSqlDialect {
  return {
    tables: { outbox: n.outbox, subscriptions: n.webhook_subscriptions, attempts: n.webhook_attempts, idempotency: n.idempotency_keys },
    time: EPOCH_MS_CODEC,
    bool: INTEGER_BOOLEAN_CODEC,
    // Every write holds the database write lock: claimers are serialized without row locks.
    skipLocked: () => null,
  };
}

/**
 * Runs the shared statements on this store's connection, synchronously through the prepared
 * statement cache (the caller must own the connection: inside a transaction or under the lock).
 */
export function sqliteSession(ctx: SqlContext): SqlSession {
  return {
    async rows<R>(query: RawBuilder<R>): Promise<R[]> {
      const compiled = query.compile(ctx.kysely);
      const statement = ctx.statement(compiled.sql);
      const params = compiled.parameters as unknown[];
      if (statement.reader) return statement.all(...params) as R[];
      statement.run(...params);
      return [];
    },
  };
}

export interface SqliteWebhookAccess {
  ctx: SqlContext;
  lock: ConnectionLock;
  /** Throws when the store is closed or not migrated. */
  checkUsable(): void;
  /** The store's transaction owner (calls from inside its transactions are refused, not deadlocked). */
  owner: object;
}

/**
 * The store's connection for the webhook and idempotency stores: each call takes the connection
 * lock (FIFO with ticket transactions); `transaction` also opens `BEGIN IMMEDIATE`, so a
 * read-then-write across processes holds SQLite's write lock from its first statement.
 */
export function sqliteWebhookDatabase({ ctx, lock, checkUsable, owner }: SqliteWebhookAccess): WebhookDatabase {
  const session = sqliteSession(ctx);
  const withConnection = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    checkUsable();
    if (lock.held && inTransactionOf(owner)) {
      throw new StoreError('SQLite store: called from inside one of its own transactions; use the `tx` handle there.');
    }
    await lock.acquire();
    try {
      checkUsable();
      return await fn();
    } catch (error) {
      throw error instanceof StoreError ? error : toStoreError(error, what);
    } finally {
      lock.release();
    }
  };
  return {
    dialect: sqliteWebhookDialect(ctx.names),
    run: (fn) => withConnection('webhook store', () => fn(session)),
    transaction: (fn) =>
      withConnection('webhook store transaction', async () => {
        ctx.db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(session);
          ctx.db.exec('COMMIT');
          return result;
        } catch (error) {
          if (ctx.db.inTransaction) ctx.db.exec('ROLLBACK');
          throw error;
        }
      }),
  };
}

