import { finishedTransactionError, type TicketStoreTx } from '@tessera/core';
import { insertOutboxEvents } from '@tessera/store-kysely';
import { toStoreError } from './errors.js';
import * as activity from './queries/activity.js';
import type { SqlContext } from './queries/context.js';
import { listTickets } from './queries/list-tickets.js';
import { ticketStatistics } from './queries/statistics.js';
import * as tickets from './queries/tickets.js';
import { sqliteSession, sqliteWebhookDialect } from './webhooks.js';

function binder(ctx: SqlContext) {
  return <A extends unknown[], R>(f: (ctx: SqlContext, ...args: A) => R) =>
    (...args: A): R =>
      f(ctx, ...args);
}

/** The port's read methods as synchronous functions over one connection. */
export function readOperations(ctx: SqlContext) {
  const bind = binder(ctx);
  return {
    getTicket: bind(tickets.getTicket),
    listTickets: bind(listTickets),
    statistics: bind(ticketStatistics),
    getComment: bind(activity.getComment),
    listComments: bind(activity.listComments),
    getAttachment: bind(activity.getAttachment),
    listAttachments: bind(activity.listAttachments),
    listHistory: bind(activity.listHistory),
    getHistoryEntry: bind(activity.getHistoryEntry),
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any: parameter lists vary per method
type SyncOps = Record<string, (...args: any[]) => unknown>;
type AsyncOps<T extends SyncOps> = { [K in keyof T]: (...args: Parameters<T[K]>) => Promise<ReturnType<T[K]>> };

/**
 * Wraps synchronous operations as the port's async methods. `run` decides when each may execute
 * (after the connection lock, inside an open transaction); native errors become `StoreError`s.
 */
export function asyncOperations<T extends SyncOps>(ops: T, run: <R>(fn: () => R) => R | Promise<R>): AsyncOps<T> {
  const out: Record<string, unknown> = {};
  for (const [name, op] of Object.entries(ops)) {
    out[name] = async (...args: unknown[]) => {
      try {
        const result = run(() => op(...args));
        // Only a queued call returns a promise; the usual path settles without an extra tick.
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
  const bind = binder(ctx);
  const ops = {
    ...readOperations(ctx),
    // BEGIN IMMEDIATE already holds the database write lock: a plain read is a locked read.
    lockTicket: bind(tickets.getTicket),
    allocateTicketSequence: bind(tickets.allocateTicketSequence),
    insertTicket: bind(tickets.insertTicket),
    updateTicket: bind(tickets.updateTicket),
    deleteTicket: bind(tickets.deleteTicket),
    insertComment: bind(activity.insertComment),
    insertAttachment: bind(activity.insertAttachment),
    deleteAttachment: bind(activity.deleteAttachment),
    insertHistory: bind(activity.insertHistory),
  };
  const session = sqliteSession(ctx);
  const dialect = sqliteWebhookDialect(ctx.names);
  return {
    ...asyncOperations(ops, (fn) => {
      if (!isOpen()) throw finishedTransactionError();
      return fn();
    }),
    async appendOutbox(events) {
      if (!isOpen()) throw finishedTransactionError();
      try {
        await insertOutboxEvents(session, dialect, events);
      } catch (error) {
        throw toStoreError(error, 'appendOutbox');
      }
    },
  };
}
