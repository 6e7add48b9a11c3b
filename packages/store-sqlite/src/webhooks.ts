import { inTransactionOf, StoreError } from '@tessera/core';
import { EPOCH_MS_CODEC, INTEGER_BOOLEAN_CODEC, type WebhookDatabase, type WebhookSqlDialect } from '@tessera/store-kysely';
import { toStoreError } from './errors.js';
import type { ConnectionLock } from './lock.js';
import type { SqlContext } from './queries/context.js';

const dialects = new WeakMap<SqlContext, WebhookSqlDialect>();

/** The webhook/idempotency SQL's view of this store's tables (prefixed names, epoch ms, 0/1); one per connection. */
export function sqliteWebhookDialect(ctx: SqlContext): WebhookSqlDialect {
  let dialect = dialects.get(ctx);
  if (!dialect) dialects.set(ctx, (dialect = webhookDialectOf(ctx)));
  return dialect;
}

function webhookDialectOf(ctx: SqlContext): WebhookSqlDialect {
  const n = ctx.names;
  return {
    builder: ctx.kysely,
    tables: { outbox: n.outbox, subscriptions: n.webhook_subscriptions, attempts: n.webhook_attempts, idempotency: n.idempotency_keys },
    time: EPOCH_MS_CODEC,
    bool: INTEGER_BOOLEAN_CODEC,
    // Every write holds the database write lock: claimers are serialized without row locks.
    skipLocked: () => null,
    // Since 0009 the outbox ids are rowids and claims start at the cursor (no open-events index).
    outboxCursor: { table: n.outbox_cursor, keepNewest: true },
  };
}

export interface SqliteConnectionAccess {
  ctx: SqlContext;
  /**
   * Where reads go while a transaction holds `ctx`: a second, read-only connection on the same
   * file (it sees what is committed and never waits for the lock), or `ctx` itself when there is
   * no second connection (`:memory:`, a handle the host passed).
   */
  reader: SqlContext;
  lock: ConnectionLock;
  /** Throws when the store is closed or not migrated. */
  checkUsable(): void;
  /** The store's transaction owner (calls from inside its transactions are refused, not deadlocked). */
  owner: object;
}

/**
 * The store's connection for the shared SQL of the webhook, idempotency, directory and SLA
 * stores: each `run` takes the connection lock (FIFO with ticket transactions); `transaction` also
 * opens `BEGIN IMMEDIATE`, so a read-then-write across processes holds SQLite's write lock from its
 * first statement; `read` shares the connection with other reads while no transaction holds or
 * awaits it, and runs on the reader connection, without waiting, otherwise. Errors are reported as `StoreError`s naming `label`.
 */
export function sqliteSqlAccess(
  { ctx, reader, lock, checkUsable, owner }: SqliteConnectionAccess,
  label: string,
): Required<Pick<WebhookDatabase, 'run' | 'transaction' | 'read'>> {
  const refuseInsideTransaction = () => {
    if (lock.held && inTransactionOf(owner)) {
      throw new StoreError('SQLite store: called from inside one of its own transactions; use the `tx` handle there.');
    }
  };
  const reported = (error: unknown, what: string) => (error instanceof StoreError ? error : toStoreError(error, what));
  // The context runs compiled statements synchronously through its prepared-statement cache.
  const withConnection = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    checkUsable();
    refuseInsideTransaction();
    await lock.acquire();
    try {
      checkUsable();
      return await fn();
    } catch (error) {
      throw reported(error, what);
    } finally {
      lock.release();
    }
  };
  const run: WebhookDatabase['run'] = (fn) => withConnection(label, () => fn(ctx));
  return {
    run,
    transaction: (fn) =>
      withConnection(`${label} transaction`, async () => {
        ctx.db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(ctx);
          ctx.db.exec('COMMIT');
          return result;
        } catch (error) {
          if (ctx.db.inTransaction) ctx.db.exec('ROLLBACK');
          throw error;
        }
      }),
    // On the write connection, shared with other reads, while no transaction holds or awaits it (its
    // page cache is the warm one); else on the reader (or, with none, after the transaction).
    read: async (fn) => {
      checkUsable();
      refuseInsideTransaction();
      const shared = lock.tryShare();
      if (!shared && reader === ctx) return run(fn);
      try {
        return await fn(shared ? ctx : reader);
      } catch (error) {
        throw reported(error, label);
      } finally {
        if (shared) lock.unshare();
      }
    },
  };
}

/** The webhook and idempotency stores' access to the connection (see {@link sqliteSqlAccess}). */
export function sqliteWebhookDatabase(access: SqliteConnectionAccess): WebhookDatabase {
  return { dialect: sqliteWebhookDialect(access.ctx), ...sqliteSqlAccess(access, 'webhook store') };
}
