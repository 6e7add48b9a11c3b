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
export * from './domain/dates.js';
export * from './domain/limits.js';
export { coded, fieldInputSchema, kindSchema, nonBlank } from './domain/field-schemas.js';
export * from './domain/query-params.js';
export * from './domain/percentiles.js';
export { toFieldIssue, toFieldIssues } from './service/validate.js';
export { detailsKey, ticketViewsIn } from './service/views.js';
export { slaViewFields, type SlaCalendarsByPolicy } from './service/sla-views.js';
export * from './errors.js';
export { objectBuilder, type BuiltProperty } from './object-builder.js';
export { boundedChunks, readBoundedBody } from './blob-body.js';
export * from './events.js';
export type * from './ports/ticket-store.js';
export type * from './ports/directory.js';
export { TOKEN_LAST_USED_PRECISION_MS } from './ports/directory.js';
export type * from './ports/sla-store.js';
export type * from './ports/blob-store.js';
export type * from './ports/outbox.js';
export type * from './ports/webhooks/subscriptions.js';
export type * from './ports/webhooks/deliveries.js';
export type * from './ports/webhooks/webhook-store.js';
export {
  IDEMPOTENCY_IN_PROGRESS_TIMEOUT_MS,
  IDEMPOTENCY_TTL_MS,
  type IdempotencyBegin,
  type IdempotencyStore,
} from './ports/idempotency.js';
export { systemClock, type Clock } from './ports/clock.js';
export {
  closableHandle,
  finishedTransactionError,
  inTransactionOf,
  nestedTransactionError,
  runAsTransaction,
} from './ports/transaction-guard.js';
export type * from './service/types.js';
export type { DurationPercentiles, TicketPercentiles } from './service/ticket-percentiles.js';
export type * from './service/sla-types.js';
export { createTicketing } from './service/create-ticketing.js';
export { createMemoryStore } from './service/memory-defaults.js';
export type { MemoryStore } from './memory/memory-store.js';
export { createMemoryBlobStore } from './memory/memory-blob-store.js';
export { createMemoryDirectory } from './memory/memory-directory.js';
export { createMemorySessionStore, type MemorySessionStore } from './memory/memory-sessions.js';
export { createMemoryWebhookStore } from './memory/webhooks/memory-webhook-store.js';
export { createMemoryIdempotency } from './memory/memory-idempotency.js';
