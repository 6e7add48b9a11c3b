import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import {
  inTransactionOf,
  runAsTransaction,
  StoreError,
  type DirectoryStore,
  type IdempotencyStore,
  type SlaStore,
  type TicketStore,
  type WebhookStore,
  type TicketStoreTx,
} from '@tessera/core';
import { busyTimeoutOf, configureDatabase, DEFAULT_CACHE_SIZE_KIB, openDatabase, openReader, type ConnectionOptions } from './connection.js';
import { beginImmediate } from './write-lock.js';
import { toStoreError } from './errors.js';
import { ConnectionLock } from './lock.js';
import { migrateDatabase, newerSchemaError, readSchemaState, type MigrationResult, type SchemaState } from './migrate.js';
import { DEFAULT_TABLE_PREFIX, tableNames, type TableNames } from './names.js';
import { SqlContext } from './queries/context.js';
import { createSqliteDirectory } from './queries/directory.js';
import { listTicketsIfCheap } from './queries/list-tickets.js';
import { indexPendingWords } from './queries/search-words.js';
import { createSqliteSlaStore } from './queries/sla.js';
import type { Database } from './schema.js';
import { asyncOperations, createSqliteTx, readOperations } from './tx.js';
import { createWriteBatcher } from './write-batch.js';
import { createSqlIdempotency, createSqlWebhookStore } from '@tessera/store-kysely';
import { sqliteWebhookDatabase } from './webhooks.js';
import { withQueryBudget, type QueryBudgetOptions } from './budget/budgeted-reads.js';
import { DEFAULT_SEARCH_INDEX_MERGE_IDLE_MS, scheduleSearchIndexMerges } from './search-index-merge.js';

/** Most vocabulary words a store remembers as committed (a few MB at most). */
const MAX_KNOWN_WORDS = 50_000;

/** Options of {@link createSqliteStore}: a file path (or `:memory:`), or a better-sqlite3 handle you own. */
export type SqliteStoreOptions = ({ filename: string } | { database: BetterSqlite3.Database }) &
  ConnectionOptions &
  QueryBudgetOptions & {
    /**
     * Prefix of every table Tessera creates (`tessera_tickets`, `tessera_users`, …), so a host's
     * own tables in the same file cannot collide. Default `tessera_`. A database made before
     * prefixes existed is renamed to the prefixed names by `migrate()`.
     */
    tablePrefix?: string;
    /**
     * How long the store goes without committing a write before it merges its search indexes'
     * segments, in ms (steps that never wait for another process's write lock, run only once reads
     * have paused for 100 ms, and use at most a tenth of the thread). Searches read every segment,
     * and each write transaction adds one. Default 1000; 0 never merges.
     */
    searchIndexMergeIdleMs?: number;
  };

/** The SQLite `TicketStore`, with its store-backed directory and migration control. */
export interface SqliteStore extends TicketStore {
  /** Users, customers and API tokens in this database. */
  readonly directory: DirectoryStore;
  /** Outbox (written by every change in its transaction), webhook subscriptions and deliveries. */
  readonly webhooks: WebhookStore;
  /** `Idempotency-Key` records. */
  readonly idempotency: IdempotencyStore;
  /** Business calendars, SLA policies and breach recording in this database. */
  readonly sla: SlaStore;
  /** The underlying better-sqlite3 connection. */
  readonly database: BetterSqlite3.Database;
  /** Kysely over the same connection (for host-side queries against Tessera's tables). */
  readonly kysely: Kysely<Database>;
  /**
   * Applies pending migrations (one `BEGIN IMMEDIATE` transaction; safe when several processes
   * start at once). A no-op when the schema is current.
   */
  migrate(): Promise<MigrationResult>;
  /** The applied/pending migrations as of now. */
  schemaState(): SchemaState;
}

/**
 * Creates a store over `options.filename` (opened in WAL mode with foreign keys and a busy
 * timeout) or over a connection you pass as `options.database` (configured the same way; you
 * keep ownership and `close()` leaves it open).
 *
 * The schema is not changed implicitly: call `await store.migrate()` (or use
 * {@link openSqliteStore}) before anything else. Until then every operation fails with a
 * `StoreError` saying so. A database migrated by a newer version is refused right here.
 *
 * Concurrency: a transaction owns the connection from `BEGIN IMMEDIATE` to its end; other writes
 * on this store wait for it (FIFO), and other processes wait on SQLite's write lock up to the busy
 * timeout, so transactions never fail halfway with `SQLITE_BUSY`. Write transactions that arrive
 * while one is open join it (group commit): each runs after it in its own savepoint, so a
 * failure undoes only its own writes, and all of them commit together before any resolves.
 * Reads outside transactions (tickets, lists, people, tokens, SLA settings) that arrive while a
 * transaction holds the connection run on a second, read-only connection when the store opened a
 * file itself: they see everything committed and never wait. (Over a handle you pass, or
 * `:memory:`, they share the one connection and wait their turn.) Inside `fn`, use only the `tx`
 * handle: a call to this store (or its directory) from inside one of its transactions would
 * wait for that transaction to end, so it is rejected with a
 * `StoreError` instead (nested transactions included).
 *
 * @throws StoreError when the file cannot be opened, is not a SQLite database, is read-only,
 *   or holds a newer schema.
 */
export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const owned = 'filename' in options;
  let names: TableNames;
  try {
    names = tableNames(options.tablePrefix ?? DEFAULT_TABLE_PREFIX);
  } catch (error) {
    throw toStoreError(error, 'configuring the table prefix');
  }
  let db: BetterSqlite3.Database;
  if (owned) {
    db = openDatabase(options.filename, options);
  } else {
    db = options.database;
    try {
      configureDatabase(db, options);
    } catch (error) {
      throw toStoreError(error, 'configuring the given database');
    }
  }
  let state: SchemaState;
  try {
    state = readSchemaState(db, names);
    if (state.unknown.length > 0) throw newerSchemaError(state.unknown);
  } catch (error) {
    if (owned) db.close();
    throw toStoreError(error, 'reading the schema version');
  }

  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: db }) });
  const ctx = new SqlContext(db, kysely, names);
  // A second connection on a file the store opened itself, for reads while a transaction holds the
  // first (WAL lets it read meanwhile), so they never queue behind a write transaction.
  const shareable = !db.memory && db.name !== ''; // '' is a private temporary file
  let readerDb: BetterSqlite3.Database | null = null;
  if (owned && shareable) {
    try {
      readerDb = openReader(db.name, options);
    } catch (error) {
      db.close();
      throw toStoreError(error, `opening ${JSON.stringify(db.name)} for reading`);
    }
  }
  const reader = readerDb ? new SqlContext(readerDb, new Kysely<Database>({ dialect: new SqliteDialect({ database: readerDb }) }), names) : ctx;
  const lock = new ConnectionLock();
  let ready = state.pending.length === 0;
  let closed = false;

  const checkUsable = () => {
    if (closed) throw new StoreError('SQLite store: the store is closed.');
    if (!ready) {
      throw new StoreError('SQLite store: the database schema is not migrated. Call `await store.migrate()` first.');
    }
  };
  const merger = scheduleSearchIndexMerges({
    ctx,
    lock,
    idleMs: options.searchIndexMergeIdleMs ?? DEFAULT_SEARCH_INDEX_MERGE_IDLE_MS,
    usable: () => ready && !closed,
  });
  // Identifies this store's transactions in the async call chain (see `runAsTransaction`).
  const owner = {};
  // A read runs on the write connection when no transaction holds it (that connection's page cache
  // is the warm one: SQLite drops a connection's whole cache whenever another connection commits),
  // and on the reader while one does, instead of waiting. Every read operation runs its statements
  // synchronously, so a transaction cannot begin on the write connection halfway through one.
  const onWriter = readOperations(ctx);
  const onReader = reader === ctx ? null : readOperations(reader);
  const read = <R>(fn: (ops: typeof onWriter, on: SqlContext) => R): R | Promise<R> => {
    checkUsable();
    if (lock.held && inTransactionOf(owner)) {
      throw new StoreError('SQLite store: called from inside one of its own transactions; use the `tx` handle there.');
    }
    if (!lock.held) return fn(onWriter, ctx);
    return onReader ? fn(onReader, reader) : lock.run(() => fn(onWriter, ctx));
  };
  const readOps = Object.fromEntries(
    (Object.keys(onWriter) as Array<keyof typeof onWriter>).map((name) => [
      name,
      (...args: unknown[]) => read((ops) => (ops[name] as (...a: unknown[]) => unknown)(...args)),
    ]),
  ) as unknown as typeof onWriter;

  const budget = withQueryBudget(asyncOperations(readOps, (fn) => fn()), {
    ...options,
    filename: shareable ? db.name : null,
    tablePrefix: options.tablePrefix ?? DEFAULT_TABLE_PREFIX,
    busyTimeoutMs: busyTimeoutOf(options),
    cacheSizeKiB: options.cacheSizeKiB ?? DEFAULT_CACHE_SIZE_KIB,
    checkUsable,
    listIfCheap: async (query) => {
      try {
        return await read((_, on) => listTicketsIfCheap(on, query));
      } catch (error) {
        throw toStoreError(error, 'listTickets');
      }
    },
  });
  // Every read the store serves (on this thread or a query worker) tells the merger, which waits for reads to pause.
  const reads = asyncOperations(budget.reads, (fn) => {
    merger.read();
    return fn();
  });
  const rollback = () => {
    try {
      if (db.inTransaction) db.exec('ROLLBACK');
    } catch {
      // SQLite rolls back by itself when it cannot; the error that led here is the one to report.
    }
  };

  // Write transactions queued behind an open one join it and share its COMMIT (see write-batch.ts).
  const statement = (text: string, doing: string) => () => {
    try {
      ctx.statement(text).run(); // prepared once: a create's BEGIN and COMMIT are not parsed again
    } catch (error) {
      throw toStoreError(error, doing);
    }
  };
  const commit = statement('COMMIT', 'committing');
  // Search vocabulary words this store has committed: a create whose words are all known writes
  // none (most of a ticket's words are common ones). Past the cap, SQLite checks the rest.
  const knownWords = new Set<string>();
  const batched = createWriteBatcher({
    lock,
    checkUsable,
    begin: async () => {
      try {
        await beginImmediate(ctx, busyTimeoutOf(options));
      } catch (error) {
        throw toStoreError(error, 'beginning a write transaction');
      }
    },
    commit: () => {
      // The word index (and its vocabulary) takes the tickets this transaction wrote, inside it.
      let written: string[];
      try {
        written = indexPendingWords(ctx, knownWords);
      } catch (error) {
        throw toStoreError(error, 'indexing the words of written tickets');
      }
      commit();
      merger.wrote();
      if (knownWords.size < MAX_KNOWN_WORDS) for (const word of written) knownWords.add(word);
    },
    rollback,
    savepoint: statement('SAVEPOINT tessera_tx', 'opening a savepoint'),
    releaseSavepoint: statement('RELEASE tessera_tx', 'releasing a savepoint'),
    rollbackToSavepoint: statement('ROLLBACK TO tessera_tx', 'rolling back to a savepoint'),
    inTransaction: () => db.inTransaction,
    handle: (isOpen) => createSqliteTx(ctx, isOpen),
  });

  function transaction<T>(fn: (tx: TicketStoreTx) => Promise<T>): Promise<T> {
    return runAsTransaction(owner, () => batched(fn), fn);
  }

  const access = { ctx, reader, lock, checkUsable, owner };
  const webhookDb = sqliteWebhookDatabase(access);
  return {
    ...reads,
    transaction,
    webhooks: createSqlWebhookStore(webhookDb),
    idempotency: createSqlIdempotency(webhookDb),
    directory: createSqliteDirectory(access),
    sla: createSqliteSlaStore(access),
    database: db,
    kysely,
    async migrate() {
      if (closed) throw new StoreError('SQLite store: the store is closed.');
      await lock.acquire();
      try {
        const result = await migrateDatabase(db, kysely as Kysely<unknown>, names);
        ready = true;
        return result;
      } finally {
        lock.release();
      }
    },
    schemaState: () => readSchemaState(db, names),
    async close() {
      if (closed) return;
      // Let a running transaction finish before the handle goes away.
      await lock.acquire();
      closed = true;
      merger.close();
      try {
        await budget.close();
        readerDb?.close();
        if (owned) db.close();
      } finally {
        lock.release();
      }
    },
  };
}

/** Opens a store and applies pending migrations: what a standalone server does on start. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  const store = createSqliteStore(options);
  try {
    await store.migrate();
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}
