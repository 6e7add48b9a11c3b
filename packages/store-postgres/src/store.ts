import { Kysely, PostgresDialect } from 'kysely';
import {
  closableHandle,
  runAsTransaction,
  StoreError,
  type DirectoryStore,
  type TicketReader,
  type TicketStore,
  type TicketStoreTx,
  type SlaStore,
} from '@tessera/core';
import { isDriverError, isRetryable, mapPgError } from './errors.js';
import { runMigrations } from './migrate.js';
import { TesseraPool, type PostgresConnection } from './pool.js';
import * as activity from './queries/activity.js';
import { createPgDirectory } from './queries/directory.js';
import { createPgSlaStore } from './queries/sla.js';
import { statistics } from './queries/statistics.js';
import * as tickets from './queries/tickets.js';
import type { Database } from './schema.js';
import type { CountsContext } from './queries/ticket-counts.js';

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /** Schema holding Tessera's tables; created by `migrate()`. Defaults to `tessera`. */
  schema?: string;
  /** How long to wait for a connection before failing with a `StoreError`. Defaults to 5000 ms. */
  connectTimeoutMs?: number;
  /** Attempts of a transaction the database aborted as a deadlock or serialization victim. Defaults to 3. */
  maxAttempts?: number;
}

/** A `TicketStore` on PostgreSQL, with its store-backed directory and migrations. */
export interface PostgresStore extends TicketStore {
  readonly directory: DirectoryStore;
  /** Business calendars, SLA policies and breach recording in this schema. */
  readonly sla: SlaStore;
  /** The schema this store reads and writes. */
  readonly schema: string;
  /**
   * Creates or upgrades the schema. Run it once per deploy (or at every start: concurrent
   * calls serialize on an advisory lock and the losers find nothing to do).
   * @returns names of the migrations applied by this call.
   */
  migrate(): Promise<string[]>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/u;

function readerFor(db: Kysely<Database>, ctx: CountsContext): TicketReader {
  return {
    getTicket: (id) => tickets.getTicket(db, id),
    listTickets: (query) => tickets.listTickets(db, query, ctx),
    statistics: (filter, options) => statistics(db, filter, options, ctx),
    getComment: (id) => activity.getComment(db, id),
    listComments: (filter, page) => activity.listComments(db, filter, page),
    getAttachment: (id) => activity.getAttachment(db, id),
    listAttachments: (filter, page) => activity.listAttachments(db, filter, page),
    listHistory: (filter, page) => activity.listHistory(db, filter, page),
    getHistoryEntry: (id) => activity.getHistoryEntry(db, id),
  };
}

function txFor(db: Kysely<Database>, ctx: CountsContext): TicketStoreTx {
  return {
    ...readerFor(db, ctx),
    lockTicket: (id) => tickets.lockTicket(db, id),
    allocateTicketSequence: () => tickets.allocateTicketSequence(db),
    insertTicket: (ticket) => tickets.insertTicket(db, ticket),
    updateTicket: (id, patch) => tickets.updateTicket(db, id, patch),
    deleteTicket: (id) => tickets.deleteTicket(db, id),
    insertComment: (comment) => activity.insertComment(db, comment),
    insertAttachment: (attachment) => activity.insertAttachment(db, attachment),
    deleteAttachment: (id) => activity.deleteAttachment(db, id),
    insertHistory: (entries) => activity.insertHistory(db, entries),
  };
}

/**
 * Opens a Tessera store on PostgreSQL. Pass the host's `pg.Pool` (the store never ends it) or a
 * connection string (the store owns that pool and `close()` ends it). Nothing connects until
 * the first call; an unreachable server or a failed login then raises a `StoreError` naming
 * `host:port` within `connectTimeoutMs`.
 *
 * Concurrency contracts: `transaction` runs at READ COMMITTED; `lockTicket` is
 * `SELECT … FOR UPDATE`, so read-check-write on one ticket is serialized across processes;
 * `allocateTicketSequence` row-locks one counter until commit, so ticket numbers are unique,
 * strictly increasing in commit order and gapless under concurrent creators. A transaction the
 * server aborts as a deadlock victim is re-run (up to `maxAttempts`), so `fn` must have no
 * side effects outside the transaction.
 *
 * @example
 * ```ts
 * const store = createPostgresStore({ connectionString: process.env.DATABASE_URL! });
 * await store.migrate();
 * const ticketing = createTicketing({ store, directory: store.directory });
 * ```
 */
export function createPostgresStore(connection: PostgresConnection, options: PostgresStoreOptions = {}): PostgresStore {
  const schema = options.schema ?? 'tessera';
  if (!SCHEMA_NAME.test(schema)) {
    throw new StoreError(`Invalid schema name "${schema}": use lower-case letters, digits and underscores.`);
  }
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const pool = new TesseraPool(connection, options.connectTimeoutMs ?? 5000);
  const root = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const db = root.withSchema(schema);
  const fail = (error: unknown): never => {
    throw mapPgError(error, pool.target, schema);
  };
  const run = <T>(fn: () => Promise<T>): Promise<T> => fn().catch(fail);
  const ctx: CountsContext = { schema, counts: { compactedRows: 0 } };
  const reader = readerFor(db, ctx);
  // Reads outside a transaction surface driver errors as core's typed errors.
  const guarded = Object.fromEntries(
    Object.entries(reader).map(([name, method]) => [
      name,
      (...args: unknown[]) => run(() => (method as (...a: unknown[]) => Promise<unknown>)(...args)),
    ]),
  ) as unknown as TicketReader;

  // Identifies this store's transactions in the async call chain (see `runAsTransaction`).
  const owner = {};
  return {
    ...guarded,
    schema,
    directory: createPgDirectory(db, run),
    sla: createPgSlaStore(db, run, (fn) =>
      db
        .transaction()
        .execute(fn)
        .catch((error: unknown) => (isDriverError(error) ? fail(error) : Promise.reject(error))),
    ),
    migrate: () => run(() => runMigrations(root as Kysely<unknown>, schema, pool.target)),
    transaction(fn) {
      return runAsTransaction(owner, () => runTransaction(fn));
    },
    close: () => root.destroy(),
  };

  async function runTransaction<T>(fn: (tx: TicketStoreTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await db.transaction().execute(async (trx) => {
          let open = true;
          try {
            return await fn(closableHandle(txFor(trx, ctx), () => open));
          } finally {
            open = false;
          }
        });
      } catch (error) {
        if (attempt < maxAttempts && isRetryable(error)) continue;
        if (!isDriverError(error)) throw error;
        return fail(error);
      }
    }
  }
}
