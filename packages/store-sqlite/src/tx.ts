import { finishedTransactionError, type TicketStoreTx } from '@tessera/core';
import { insertOutboxEvents, type SqlRunner } from '@tessera/store-kysely';
import { toStoreError } from './errors.js';
import type { SqlContext } from './queries/context.js';
import { listTickets } from './queries/list-tickets.js';
import { ticketStatistics } from './queries/statistics.js';
import { ticketPercentiles } from './queries/percentiles.js';
import { sqliteWebhookDialect } from './webhooks.js';

/** `f` with its first argument (the context or runner) fixed. */
function bound<C, A extends unknown[], R>(ctx: C, f: (ctx: C, ...args: A) => R) {
  return (...args: A): R => f(ctx, ...args);
}

/** The port's read methods over one connection: the shared queries plus SQLite's list and statistics. */
export function readOperations(ctx: SqlContext) {
  const run: SqlRunner = ctx;
  const { tickets, activity } = ctx;
  return {
    getTicket: bound(run, tickets.getTicket),
    getTicketWithActivity: bound(run, ctx.ticketWithActivity),
    listTickets: bound(ctx, listTickets),
    statistics: bound(ctx, ticketStatistics),
    percentiles: bound(ctx, ticketPercentiles),
    getComment: bound(run, activity.getComment),
    listComments: bound(run, activity.listComments),
    getAttachment: bound(run, activity.getAttachment),
    listAttachments: bound(run, activity.listAttachments),
    listHistory: bound(run, activity.listHistory),
    getHistoryEntry: bound(run, activity.getHistoryEntry),
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any: parameter lists vary per method
type Ops = Record<string, (...args: any[]) => unknown>;
type AsyncOps<T extends Ops> = { [K in keyof T]: (...args: Parameters<T[K]>) => Promise<Awaited<ReturnType<T[K]>>> };

/**
 * Wraps operations as the port's async methods. `run` decides when each may execute (after the
 * connection lock, inside an open transaction); native errors become `StoreError`s. Each
 * operation runs its statements synchronously (better-sqlite3) before it first awaits, so no other
 * caller's statement can slip in between them.
 */
export function asyncOperations<T extends Ops>(ops: T, run: <R>(fn: () => R) => R | Promise<R>): AsyncOps<T> {
  const out: Record<string, unknown> = {};
  for (const [name, op] of Object.entries(ops)) {
    out[name] = async (...args: unknown[]) => {
      try {
        const result = run(() => op(...args));
        // Only a queued call or a shared (async) query returns a promise.
        return result instanceof Promise ? await result : result;
      } catch (error) {
        throw toStoreError(error, name);
      }
    };
  }
  return out as AsyncOps<T>;
}

/**
 * The handle `transaction(fn)` passes to `fn`. It refuses to work once the transaction has
 * ended, so a handle leaked out of `fn` cannot write outside any transaction.
 */
export function createSqliteTx(ctx: SqlContext, isOpen: () => boolean): TicketStoreTx {
  const run: SqlRunner = ctx;
  const { tickets, activity, slaBreaches } = ctx;
  const ops = {
    ...readOperations(ctx),
    lockTicket: bound(run, tickets.lockTicket),
    allocateTicketSequence: bound(run, tickets.allocateTicketSequence),
    insertTicket: bound(run, tickets.insertTicket),
    updateTicket: bound(run, tickets.updateTicket),
    deleteTicket: bound(run, tickets.deleteTicket),
    insertComment: bound(run, activity.insertComment),
    insertAttachment: bound(run, activity.insertAttachment),
    deleteAttachment: bound(run, activity.deleteAttachment),
    insertHistory: bound(run, activity.insertHistory),
    recordDueBreaches: bound(run, slaBreaches.recordDueBreaches),
  };
  const dialect = sqliteWebhookDialect(ctx);
  return {
    ...asyncOperations(ops, (fn) => {
      if (!isOpen()) throw finishedTransactionError();
      return fn();
    }),
    async appendOutbox(events) {
      if (!isOpen()) throw finishedTransactionError();
      try {
        await insertOutboxEvents(run, dialect, events);
      } catch (error) {
        throw toStoreError(error, 'appendOutbox');
      }
    },
  };
}
