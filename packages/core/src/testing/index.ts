/**
 * `@tessera/core/testing` — the conformance suite every `TicketStore` runs (memory, SQLite,
 * Postgres). Requires vitest (an optional peer dependency).
 *
 * @example
 * ```ts
 * import { runStoreConformance } from '@tessera/core/testing';
 * runStoreConformance({ name: 'sqlite', createStore: async () => openTestStore(), teardown: (s) => s.close() });
 * ```
 */
import { describe } from 'vitest';
import { contractTests } from './contracts.js';
import { dateTests } from './dates.js';
import { directoryTests } from './directory.js';
import { filterTests } from './filters.js';
import type { StoreConformanceOptions } from './harness.js';
import { numberingTests } from './numbering.js';
import { orderingTests } from './ordering.js';
import { percentileTests } from './percentiles.js';
import { relatedTests } from './related.js';
import { searchTests } from './search.js';
import { serviceTests } from './service.js';
import { slaTests } from './sla.js';
import { slaCountTests } from './sla-counts.js';
import { statisticsTests } from './statistics.js';
import { ticketActivityTests } from './ticket-activity.js';
import { ticketTests } from './tickets.js';
import { transactionTests } from './transactions.js';

export type { StoreConformanceOptions } from './harness.js';
export { runOutboxConformance } from './outbox.js';
export { runIdempotencyConformance, type IdempotencyConformanceOptions } from './idempotency.js';
export { runWebhookStoreConformance, type WebhookStoreConformanceOptions } from './webhook-store.js';
export { addCustomerAndStaff, newTicket } from './fixtures.js';
export { runSlaTickAcrossProcesses, tickInWorker, type SlaTickProcessesOptions } from './sla-tick-processes.js';
export { readyOrExit, releaseTogether, startWorkerProcess, waitForStartSignal, reportResult, resultOf, type WorkerExit, type WorkerProcess } from './processes.js';
export { SLA_STATES_EXPECTED, SLA_STATES_NOW, countSlaStateTickets, expectSlaStateCounts, slaStateTickets } from './sla-states.js';

/**
 * Registers the store conformance suite as a vitest `describe` block named after `name`.
 * Every test that writes gets a fresh store from `createStore` (empty, migrated); each read-only
 * group gets one store, seeded once. Stores go to `teardown` (default: `store.close()`) when
 * done, so tests never see each other's rows.
 * Covers every port method and every ticketing rule that depends on the store.
 */
export function runStoreConformance(options: StoreConformanceOptions): void {
  describe(`TicketStore conformance: ${options.name}`, () => {
    ticketTests(options);
    dateTests(options);
    filterTests(options);
    searchTests(options);
    orderingTests(options);
    statisticsTests(options);
    percentileTests(options);
    numberingTests(options);
    transactionTests(options);
    contractTests(options);
    relatedTests(options);
    ticketActivityTests(options);
    directoryTests(options);
    serviceTests(options);
    slaTests(options);
    slaCountTests(options);
  });
}
