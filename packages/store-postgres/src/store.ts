import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import {
  closableHandle,
  ConflictError,
  NotFoundError,
  runAsTransaction,
  StoreError,
  type DirectoryStore,
  type IdempotencyStore,
  type TicketReader,
  type TicketStore,
  type TicketStoreTx,
  type TransactionOptions,
  type WebhookStore,
  type SlaStore,
} from '@tessera/core';
import { createSqlIdempotency, createSqlWebhookStore, insertOutboxEvents, type WebhookSqlDialect } from '@tessera/store-kysely';
import { createCreateBatcher, type Allocation } from './create-batch.js';
import { isDriverError, isForeignKeyViolation, isRetryable, isUniqueViolation, mapPgError } from './errors.js';
import { runMigrations } from './migrate.js';
import { TesseraPool, type PostgresConnection } from './pool.js';
import {
  createActivityQueries,
  createSlaBreachQueries,
  createTicketActivityQuery,
  createTicketQueries,
  type ActivityQueries,
  type SlaBreachQueries,
  type SqlRunner,
  type TicketActivityQuery,
  type TicketQueries,
} from '@tessera/store-kysely';
import { postgresDialect } from './dialect.js';
import { createPgDirectory } from './queries/directory.js';
import { createPgSlaStore } from './queries/sla.js';
import { listTickets } from './queries/list-tickets.js';
import { statistics } from './queries/statistics.js';
import { percentiles } from './queries/percentiles.js';
import type { Database } from './schema.js';
import type { CountsContext } from './queries/ticket-counts.js';
import { postgresWebhookDatabase, postgresWebhookDialect } from './webhooks.js';
import { WriteBehindTransaction } from './write-behind.js';

/** Default time budget of one statement (`queryTimeoutMs`). */
const DEFAULT_QUERY_TIMEOUT_MS = 5000;

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /** Schema holding Tessera's tables; created by `migrate()`. Defaults to `tessera`. */
  schema?: string;
  /** How long to wait for a connection before failing with a `StoreError`. Defaults to 5000 ms. */
  connectTimeoutMs?: number;
  /** Attempts of a transaction the database aborted as a deadlock or serialization victim. Defaults to 3. */
  maxAttempts?: number;
  /**
   * Time budget of every statement, in ms (PostgreSQL `statement_timeout`); a statement over it is
   * stopped by the server and fails with `QueryTimeoutError` (HTTP 503). Defaults to 5000; 0 turns
   * it off. Applies to the pool the store creates from a connection string; a pool you pass keeps
   * its own `statement_timeout` (timeouts there are still reported as `QueryTimeoutError`).
   */
  queryTimeoutMs?: number;
}

/** A `TicketStore` on PostgreSQL, with its store-backed directory and migrations. */
export interface PostgresStore extends TicketStore {
  readonly directory: DirectoryStore;
  /** Outbox (written by every change in its transaction), webhook subscriptions and deliveries. */
  readonly webhooks: WebhookStore;
  /** `Idempotency-Key` records. */
  readonly idempotency: IdempotencyStore;
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

/** The shared ticket and activity queries over one schema's tables. */
interface SharedQueries {
  tickets: TicketQueries;
  activity: ActivityQueries;
  ticketWithActivity: TicketActivityQuery;
  slaBreaches: SlaBreachQueries;
  /** The outbox SQL's dialect, over the store's root builder (compiled once, not per transaction). */
  outbox: WebhookSqlDialect;
}

function sharedQueries(root: Kysely<Database>, schema: string): SharedQueries {
  const setup = {
    dialect: postgresDialect,
    builder: root,
    tables: {
      tickets: `${schema}.tickets`,
      comments: `${schema}.ticket_comments`,
      attachments: `${schema}.ticket_attachments`,
      history: `${schema}.ticket_history`,
      counters: `${schema}.counters`,
      ticketSequenceKey: 'ticket_sequence',
      users: `${schema}.users`,
      customers: `${schema}.customers`,
    },
  };
  return {
    tickets: createTicketQueries(setup),
    activity: createActivityQueries(setup),
    ticketWithActivity: createTicketActivityQuery(setup),
    slaBreaches: createSlaBreachQueries(setup),
    outbox: postgresWebhookDialect(root as Kysely<unknown>, schema),
  };
}

/** Runs compiled queries on `db`: the pool, or one transaction's connection. */
function runnerOn(db: Kysely<Database>): SqlRunner {
  return { rows: async <R>(query: Parameters<SqlRunner['rows']>[0]) => (await db.executeQuery<R>(query)).rows };
}

/** The port's reads on `db`: the pool, or (`inTransaction`) a transaction's connection. */
function readerFor(db: Kysely<Database>, q: SharedQueries, ctx: CountsContext, inTransaction: boolean): TicketReader {
  const run = runnerOn(db);
  const { tickets, activity } = q;
  return {
    getTicket: async (id) => tickets.getTicket(run, id),
    getTicketWithActivity: async (id, options) => q.ticketWithActivity(run, id, options),
    listTickets: async (query) => listTickets(db, query, ctx, inTransaction),
    statistics: async (filter, options) => statistics(db, filter, options, ctx),
    percentiles: async (filter, options) => percentiles(db, filter, options),
    getComment: async (id) => activity.getComment(run, id),
    listComments: async (filter, page) => activity.listComments(run, filter, page),
    getAttachment: async (id) => activity.getAttachment(run, id),
    listAttachments: async (filter, page) => activity.listAttachments(run, filter, page),
    listHistory: async (filter, page) => activity.listHistory(run, filter, page),
    getHistoryEntry: async (id) => activity.getHistoryEntry(run, id),
  };
}

/**
 * Takes the next `count` ticket numbers and draws the ids their tickets will get, in one
 * statement without parameters (so it can travel with queued statements): the counter row stays
 * locked until COMMIT, so numbers are gapless and follow commit order, and ids drawn under that
 * lock follow the numbers.
 */
function allocationSql(schema: string, count: number): CompiledQuery {
  const n = Math.trunc(count);
  return CompiledQuery.raw(
    `with counter as (update "${schema}".counters set value = value + ${n} where name = 'ticket_sequence' returning value)
     select counter.value - ${n} + n as sequence, nextval(pg_get_serial_sequence('"${schema}".tickets', 'id')) as ticket_id
     from counter, generate_series(1, ${n}) as n`,
  );
}

/**
 * The port's transaction handle over one write-behind transaction. A create's statements after
 * the counter (the ticket INSERT, its history, its outbox rows) are queued and go out with COMMIT,
 * so the counter lock is held for one round trip plus the commit, whatever else the create writes.
 */
function txFor(
  db: Kysely<Database>,
  q: SharedQueries,
  ctx: CountsContext,
  wb: WriteBehindTransaction,
  allocate: () => Promise<Allocation>,
): TicketStoreTx {
  const run = wb.run;
  const { tickets, activity, slaBreaches } = q;
  // The ticket id drawn with the last allocated number, for the INSERT that uses that number.
  let reserved: Allocation | null = null;
  // Tickets this transaction inserted or holds `FOR UPDATE`: history about them cannot hit a
  // missing ticket, so it can wait for COMMIT.
  const held = new Set<number>();
  const reader = readerFor(db, q, ctx, true);
  const flushedReader = Object.fromEntries(
    Object.entries(reader).map(([name, method]) => [
      name,
      async (...args: unknown[]) => {
        await wb.flush();
        return (method as (...a: unknown[]) => Promise<unknown>)(...args);
      },
    ]),
  ) as unknown as TicketReader;
  return {
    ...flushedReader,
    lockTicket: async (id) => {
      const ticket = await tickets.lockTicket(run, id);
      if (ticket) held.add(id);
      return ticket;
    },
    allocateTicketSequence: async () => {
      reserved = await allocate();
      return reserved.sequence;
    },
    insertTicket: async (ticket) => {
      if (reserved?.sequence !== ticket.sequence) return tickets.insertTicket(run, ticket);
      const preset = tickets.presetInsert(reserved.id, ticket);
      reserved = null;
      const queued = wb.defer(preset.query, (error) => {
        if (isUniqueViolation(error) && (error as { table?: string }).table === 'tickets') {
          throw new ConflictError(`Ticket number ${ticket.ticketNumber} is already taken.`);
        }
      });
      if (!queued) return tickets.insertTicket(run, ticket);
      held.add(preset.ticket.id);
      return preset.ticket;
    },
    updateTicket: async (id, patch) => tickets.updateTicket(run, id, patch),
    deleteTicket: async (id) => {
      held.delete(id);
      await tickets.deleteTicket(run, id);
    },
    insertComment: async (comment) => activity.insertComment(run, comment),
    insertAttachment: async (attachment) => activity.insertAttachment(run, attachment),
    deleteAttachment: async (id) => activity.deleteAttachment(run, id),
    insertHistory: async (entries) => {
      if (!entries.every((e) => held.has(e.ticketId))) return activity.insertHistory(run, entries);
      // Queued; a failure still reports as the immediate INSERT's would.
      const ticketId = entries[0]?.ticketId;
      const queue = wb.deferring((error) => {
        if (isForeignKeyViolation(error) && ticketId !== undefined) throw new NotFoundError('ticket', ticketId);
      });
      await activity.insertHistory(queue, entries);
    },
    recordDueBreaches: async (now, options) => slaBreaches.recordDueBreaches(run, now, options),
    appendOutbox: async (events) => {
      await insertOutboxEvents(wb.deferring(), q.outbox, events);
    },
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
 * strictly increasing in commit order and gapless under concurrent creators. Writes whose rows
 * the caller does not read back (history, outbox rows, the INSERT of a freshly numbered ticket)
 * are sent with the COMMIT, so the counter lock lasts one round trip plus the commit; a failure
 * of one of them fails (and rolls back) the whole transaction. Transactions passed
 * `{ createsTicket: true }` (the service's creates) that arrive while one runs share its
 * transaction and COMMIT (see create-batch.ts); a failing one fails alone. A transaction the
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
  const pool = new TesseraPool(connection, options.connectTimeoutMs ?? 5000, options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS);
  const root = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const db = root.withSchema(schema);
  const fail = (error: unknown): never => {
    throw mapPgError(error, pool.target, schema);
  };
  const run = <T>(fn: () => Promise<T>): Promise<T> => fn().catch(fail);
  const ctx: CountsContext = { schema, counts: { compactedRows: 0 }, days: { rowsPerDay: 0 } };
  const queries = sharedQueries(root, schema);
  const reader = readerFor(db, queries, ctx, false);
  // Reads outside a transaction surface driver errors as core's typed errors.
  const guarded = Object.fromEntries(
    Object.entries(reader).map(([name, method]) => [
      name,
      (...args: unknown[]) => run(() => (method as (...a: unknown[]) => Promise<unknown>)(...args)),
    ]),
  ) as unknown as TicketReader;

  // Identifies this store's transactions in the async call chain (see `runAsTransaction`).
  const owner = {};
  const webhookDb = postgresWebhookDatabase(root as Kysely<unknown>, schema, fail);
  // One number at a time, for a transaction of its own.
  const allocateOneSql = allocationSql(schema, 1);
  const allocateOne = (wb: WriteBehindTransaction) => async (): Promise<Allocation> => {
    const [row] = await wb.run.rows<{ sequence: number | string; ticket_id: number | string }>(allocateOneSql);
    if (!row) throw new Error('the ticket sequence row is missing (database not migrated?)');
    return { sequence: Number(row.sequence), id: Number(row.ticket_id) };
  };
  // Ticket creates of this process share transactions and commits (see create-batch.ts).
  const batchedCreates = createCreateBatcher({
    db: db as Kysely<unknown>,
    allocation: (count) => allocationSql(schema, count),
    handle: (conn, wb, allocate, isOpen) => closableHandle(txFor(conn as Kysely<Database>, queries, ctx, wb, allocate), isOpen),
    alone: (fn) => retrying(() => runTransaction(fn)),
  });
  return {
    ...guarded,
    schema,
    webhooks: createSqlWebhookStore(webhookDb),
    idempotency: createSqlIdempotency(webhookDb),
    directory: createPgDirectory(root as Kysely<unknown>, schema, webhookDb),
    sla: createPgSlaStore(root as Kysely<unknown>, schema, webhookDb),
    migrate: () => run(() => runMigrations(root as Kysely<unknown>, schema, pool.target)),
    transaction(fn, options?: TransactionOptions) {
      return runAsTransaction(owner, () => retrying(() => (options?.createsTicket ? batchedCreates(fn) : runTransaction(fn))), fn);
    },
    close: () => root.destroy(),
  };

  /** Re-runs a transaction the server aborted as a deadlock or serialization victim. */
  async function retrying<T>(attempt: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        if (n < maxAttempts && isRetryable(error)) continue;
        if (!isDriverError(error)) throw error;
        return fail(error);
      }
    }
  }

  function runTransaction<T>(fn: (tx: TicketStoreTx) => Promise<T>): Promise<T> {
    return db.connection().execute(async (conn) => {
      const wb = new WriteBehindTransaction(conn as Kysely<unknown>);
      wb.defer(CompiledQuery.raw('begin')); // sent ahead of the first statement
      let open = true;
      try {
        const result = await fn(closableHandle(txFor(conn, queries, ctx, wb, allocateOne(wb)), () => open));
        open = false;
        await wb.commit();
        return result;
      } catch (error) {
        open = false;
        wb.discard();
        // Also after a failed COMMIT message (harmless then: the transaction is already over).
        await conn.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined);
        throw error;
      }
    });
  }
}
