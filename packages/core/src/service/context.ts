import type { NumberingOptions } from '../domain/numbering.js';
import { ValidationError } from '../errors.js';
import type { TicketingEmitter, TicketingEvents } from '../events.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { Directory } from '../ports/directory.js';
import type { TicketStore } from '../ports/ticket-store.js';

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
export function emitAll(ctx: ServiceContext, pending: readonly PendingEvent[]): void {
  for (const [type, payload] of pending) {
    try {
      (ctx.events.emit as (t: string, p: unknown) => void)(type, payload);
    } catch (error) {
      ctx.onEventError(error);
    }
  }
}

/** Rejects categories outside the configured set. */
export function checkCategory(ctx: ServiceContext, category: string | undefined, field = 'category'): void {
  if (category !== undefined && !ctx.categories.includes(category)) {
    throw ValidationError.field(field, `"${category}" is not a valid choice.`);
  }
}

/**
 * Checks that ids named in an input exist in the directory (when there is one). Runs before the
 * transaction: directory reads may share the store's connection.
 */
export async function checkReferences(
  ctx: ServiceContext,
  refs: { customerId?: number | undefined; assignedToId?: number | null | undefined },
  assigneeField = 'assignedToId',
): Promise<void> {
  const { directory } = ctx;
  if (!directory) return;
  if (refs.customerId !== undefined) {
    const [found] = await directory.getCustomers([refs.customerId]);
    if (!found) throw ValidationError.field('customerId', `Invalid pk "${refs.customerId}" - object does not exist.`);
  }
  if (refs.assignedToId !== undefined && refs.assignedToId !== null) {
    const [user] = await directory.getUsers([refs.assignedToId]);
    if (!user) throw ValidationError.field(assigneeField, `Invalid pk "${refs.assignedToId}" - object does not exist.`);
    if (user.role !== 'staff') throw ValidationError.field(assigneeField, `User ${user.id} is not a staff user.`);
  }
}
