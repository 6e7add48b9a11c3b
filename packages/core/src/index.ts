/**
 * @tessera/core — the domain of Tessera: tickets, lifecycle, numbering, metrics, history,
 * authorization and events, behind storage ports. No database driver, no HTTP.
 *
 * @example
 * ```ts
 * import { createTicketing, createMemoryStore } from '@tessera/core';
 * const ticketing = createTicketing({ store: createMemoryStore() });
 * ```
 */
export * from './domain/enums.js';
export * from './domain/model.js';
export * from './domain/lifecycle.js';
export * from './domain/numbering.js';
export * from './domain/tags.js';
export * from './domain/metrics.js';
export * from './domain/history.js';
export * from './domain/ticket-fields.js';
export * from './domain/ticket-predicates.js';
export * from './sla/index.js';
export * from './domain/search.js';
export * from './domain/files.js';
export * from './domain/inputs.js';
export * from './errors.js';
export { boundedChunks, readBoundedBody } from './blob-body.js';
export * from './events.js';
export type * from './ports/ticket-store.js';
export type * from './ports/directory.js';
export type * from './ports/sla-store.js';
export type * from './ports/blob-store.js';
export { systemClock, type Clock } from './ports/clock.js';
export {
  closableHandle,
  finishedTransactionError,
  inTransactionOf,
  nestedTransactionError,
  runAsTransaction,
} from './ports/transaction-guard.js';
export type * from './service/types.js';
export type * from './service/sla-types.js';
export { createTicketing } from './service/create-ticketing.js';
export { createMemoryStore, type MemoryStore } from './memory/memory-store.js';
export { createMemoryBlobStore } from './memory/memory-blob-store.js';
export { createMemoryDirectory } from './memory/memory-directory.js';
