import type { NumberingOptions } from '../domain/numbering.js';
import { ValidationError, type FieldIssues } from '../errors.js';
import type { TicketingEmitter, TicketingEvents } from '../events.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { Directory } from '../ports/directory.js';
import type { TicketStore, TicketStoreTx, TransactionOptions } from '../ports/ticket-store.js';
import { libraryTransactionBody } from '../ports/transaction-guard.js';

/** An event waiting for its transaction to commit. */
export type PendingEvent = {
  [K in keyof TicketingEvents]: [K, TicketingEvents[K]];
}[keyof TicketingEvents];

/** What every use-case needs: the ports, the configuration and the event bus. */
export interface ServiceContext {
  store: TicketStore;
  blobs: BlobStore;
  clock: Clock;
  numbering: NumberingOptions;
  categories: readonly string[];
  directory: Directory | null;
  events: TicketingEmitter;
  uploadLimitBytes: number;
  onEventError: (error: unknown) => void;
  /** Whether changes write their events to the store's outbox (default true). */
  outbox: boolean;
}

/**
 * Emits events after their transaction committed. A throwing listener cannot undo a committed
 * change, so its error goes to `onEventError` instead of the caller.
 */
/**
 * Runs one of the service's transaction bodies. Each uses only its `tx` handle, so the store's
 * guard against nested transactions (meant for bodies a host writes) need not track it.
 */
export function inTransaction<T>(ctx: ServiceContext, body: (tx: TicketStoreTx) => Promise<T>, options?: TransactionOptions): Promise<T> {
  return ctx.store.transaction(libraryTransactionBody(body), options);
}

export function emitAll(ctx: ServiceContext, pending: readonly PendingEvent[]): void {
  for (const [type, payload] of pending) {
    try {
      (ctx.events.emit as (t: string, p: unknown) => void)(type, payload);
    } catch (error) {
      ctx.onEventError(error);
    }
  }
}

/** Issues for a category outside the configured set (none when `category` is undefined). */
export function categoryIssues(ctx: ServiceContext, category: string | undefined, field = 'category'): FieldIssues {
  if (category === undefined || ctx.categories.includes(category)) return {};
  return { [field]: [{ code: 'invalid_choice', params: { input: category } }] };
}

/**
 * Issues for ids named in an input that the directory (when there is one) does not know, or an
 * assignee who is not staff. Both lookups run, so every bad id is reported at once. Runs before
 * the transaction: directory reads may share the store's connection.
 */
export async function referenceIssues(
  ctx: ServiceContext,
  refs: { customerId?: number | undefined; assignedToId?: number | null | undefined },
  assigneeField = 'assignedToId',
): Promise<FieldIssues> {
  const { directory } = ctx;
  const issues: FieldIssues = {};
  if (!directory) return issues;
  const { customerId, assignedToId } = refs;
  const [customers, users] = await Promise.all([
    customerId === undefined ? null : directory.getCustomers([customerId]),
    assignedToId === undefined || assignedToId === null ? null : directory.getUsers([assignedToId]),
  ]);
  if (customers && !customers[0]) issues.customerId = [{ code: 'does_not_exist', params: { pk: customerId! } }];
  if (users) {
    const user = users[0];
    if (!user) issues[assigneeField] = [{ code: 'does_not_exist', params: { pk: assignedToId! } }];
    else if (user.role !== 'staff') issues[assigneeField] = [{ code: 'not_staff', params: { pk: user.id } }];
  }
  return issues;
}

/** Throws one `ValidationError` holding every issue, when there is any. */
export function throwIfIssues(issues: FieldIssues): void {
  if (Object.keys(issues).length > 0) throw new ValidationError(issues);
}
