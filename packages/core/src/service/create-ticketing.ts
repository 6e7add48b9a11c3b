import { DEFAULT_CATEGORIES } from '../domain/enums.js';
import { createEmitter } from '../events.js';
import { createMemoryBlobStore } from '../memory/memory-blob-store.js';
import type { BlobStore } from '../ports/blob-store.js';
import { systemClock } from '../ports/clock.js';
import type { TicketStore } from '../ports/ticket-store.js';
import { addAttachment, getAttachment, listAttachments, readAttachment, removeAttachment } from './attachments.js';
import { addComment, getComment, listComments } from './comments.js';
import type { ServiceContext } from './context.js';
import { getHistoryEntry, listHistory } from './history.js';
import { isMemoryStore } from './memory-defaults.js';
import { createCalendarsApi, createPoliciesApi } from './sla-admin.js';
import { tickSla } from './sla-tick.js';
import { getTicket, listTickets, ticketStatistics } from './tickets-read.js';
import { ticketPercentiles } from './ticket-percentiles.js';
import {
  assignTicket,
  changeTicketStatus,
  createTicket,
  deleteTicket,
  patchTicket,
  updateTicket,
} from './tickets-write.js';
import type { Ticketing, TicketingOptions } from './types.js';

const DEFAULT_UPLOAD_LIMIT = 25 * 1024 * 1024;

/**
 * The blob store to use: the given one, or memory when the ticket store is itself the in-memory
 * store. A durable store without `blobs` would keep rows pointing at bytes that vanish on restart,
 * so it is refused here rather than discovered after the first restart.
 */
function blobStoreFor(store: TicketStore, blobs: BlobStore | undefined): BlobStore {
  if (blobs) return blobs;
  if (isMemoryStore(store)) return createMemoryBlobStore();
  throw new TypeError(
    'createTicketing: `blobs` is required with a durable store (attachment bytes would otherwise live in ' +
      'process memory and be lost on restart). Pass e.g. `createFsBlobStore({ directory })` from ' +
      '`@tessera/http-hono/fs-blobs`, or `createMemoryBlobStore()` to keep them in memory on purpose.',
  );
}

/**
 * Creates the ticketing service over a store. Every operation takes the acting user first,
 * validates its input, runs in one store transaction (history included) and emits events only
 * after commit.
 *
 * `blobs` may be left out only with the store from `createMemoryStore()`; with any other store it
 * is required (a `TypeError` says so) so that attachments never silently live in process memory.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const ticketing = createTicketing({ store });
 * const acme = await store.directory.addCustomer({ name: 'Acme', email: 'it@acme.example' });
 * const staff = { id: 1, role: 'staff' } as const;
 * const ticket = await ticketing.tickets.create(staff, { subject: 'Login fails', description: '…', customerId: acme.id });
 * ```
 */
export function createTicketing(options: TicketingOptions & { onEventError?: (error: unknown) => void }): Ticketing {
  const ctx: ServiceContext = {
    store: options.store,
    blobs: blobStoreFor(options.store, options.blobs),
    clock: options.clock ?? systemClock,
    numbering: options.numbering ?? {},
    categories: options.categories ?? DEFAULT_CATEGORIES,
    directory: options.directory ?? options.store.directory ?? null,
    events: createEmitter(),
    uploadLimitBytes: options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT,
    onEventError: options.onEventError ?? ((error) => console.error('[tessera] event listener failed:', error)),
    outbox: options.outbox ?? true,
  };
  return {
    tickets: {
      create: (actor, input) => createTicket(ctx, actor, input),
      get: (actor, id) => getTicket(ctx, actor, id),
      list: (actor, query) => listTickets(ctx, actor, query),
      update: (actor, id, input, opts) => updateTicket(ctx, actor, id, input, opts),
      patch: (actor, id, input, opts) => patchTicket(ctx, actor, id, input, opts),
      delete: (actor, id) => deleteTicket(ctx, actor, id),
      assign: (actor, id, userId, opts) => assignTicket(ctx, actor, id, userId, opts),
      changeStatus: (actor, id, status, opts) => changeTicketStatus(ctx, actor, id, status, opts),
      statistics: (actor, filters) => ticketStatistics(ctx, actor, filters),
      percentiles: (actor, query) => ticketPercentiles(ctx, actor, query),
    },
    comments: {
      add: (actor, ticketId, input) => addComment(ctx, actor, ticketId, input),
      list: (actor, query) => listComments(ctx, actor, query),
      get: (actor, id) => getComment(ctx, actor, id),
    },
    attachments: {
      add: (actor, ticketId, input) => addAttachment(ctx, actor, ticketId, input),
      get: (actor, id) => getAttachment(ctx, actor, id),
      list: (actor, query) => listAttachments(ctx, actor, query),
      read: (actor, id) => readAttachment(ctx, actor, id),
      remove: (actor, id) => removeAttachment(ctx, actor, id),
    },
    history: {
      list: (actor, query) => listHistory(ctx, actor, query),
      get: (actor, id) => getHistoryEntry(ctx, actor, id),
    },
    sla: {
      calendars: createCalendarsApi(ctx),
      policies: createPoliciesApi(ctx),
      tick: (now) => tickSla(ctx, now),
    },
    events: ctx.events,
    categories: ctx.categories,
    directory: ctx.directory,
    uploadLimitBytes: ctx.uploadLimitBytes,
    clock: ctx.clock,
  };
}
