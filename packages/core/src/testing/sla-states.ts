import { expect } from 'vitest';
import type { NewTicket, SlaStatistics, TicketFilter, TicketStore } from '../ports/ticket-store.js';
import { slaTicketFields } from '../sla/ticket-state.js';
import type { SlaClockState } from '../sla/clock.js';
import { newTicket } from './fixtures.js';

const HOUR = 3_600_000;

/** The instant {@link slaStateTickets} are judged at. */
export const SLA_STATES_NOW = new Date('2024-06-01T12:00:00.000Z');

/**
 * Seven tickets (customer 1), one per kind of SLA state at {@link SLA_STATES_NOW}: past due with
 * nothing recorded, running in time, fulfilled, recorded first-response breach, paused, recorded
 * resolution breach on a running clock, no SLA. For store tests that write rows below the service
 * (e.g. before a migration) and check counts after; {@link SLA_STATES_EXPECTED} is what they give.
 */
export function slaStateTickets(firstSequence = 1): NewTicket[] {
  const at = (hours: number) => new Date(SLA_STATES_NOW.getTime() + hours * HOUR);
  const state = (s: Partial<SlaClockState>): SlaClockState => ({
    policyId: 1,
    firstResponseClock: 'stopped',
    firstResponseDueAt: at(-20),
    firstResponseBreached: false,
    resolutionClock: 'running',
    resolutionDueAt: at(10),
    resolutionElapsedMs: 0,
    resolutionRunningSince: at(-24),
    resolutionBreached: false,
    ...s,
  });
  const rows: [Partial<NewTicket>, SlaClockState | null][] = [
    [{ priority: 'urgent', status: 'open' }, state({ firstResponseClock: 'running', firstResponseDueAt: at(-1) })],
    [{ priority: 'urgent', status: 'open', assignedToId: 2 }, state({ firstResponseClock: 'running', firstResponseDueAt: at(1) })],
    [{ status: 'resolved', category: 'billing' }, state({ resolutionClock: 'fulfilled', resolutionRunningSince: null })],
    [{ status: 'closed' }, state({ firstResponseBreached: true, resolutionClock: 'fulfilled', resolutionRunningSince: null })],
    [{ status: 'pending', category: 'billing' }, state({ resolutionClock: 'paused', resolutionDueAt: null, resolutionRunningSince: null })],
    [{ status: 'in_progress', assignedToId: 2 }, state({ resolutionDueAt: at(-2), resolutionBreached: true })],
    [{ status: 'open' }, null],
  ];
  return rows.map(([ticket, sla], i) => newTicket(firstSequence + i, { ...ticket, ...(sla ? slaTicketFields(sla) : {}) }));
}

/** Counts of {@link slaStateTickets} at {@link SLA_STATES_NOW}. */
export const SLA_STATES_EXPECTED: { breached: number; breachedOpen: number; sla: SlaStatistics } = {
  breached: 3,
  breachedOpen: 1,
  sla: {
    firstResponse: { active: 1, fulfilled: 3, breached: 2 },
    resolution: { active: 2, paused: 1, fulfilled: 2, breached: 1 },
  },
};

/** How many tickets of `store` match `filter` at {@link SLA_STATES_NOW}. */
export async function countSlaStateTickets(store: TicketStore, filter: TicketFilter): Promise<number> {
  const ordering = { field: 'created_at', direction: 'desc' } as const;
  return (await store.listTickets({ filter, ordering, page: { offset: 0, limit: 1 }, now: SLA_STATES_NOW })).count;
}

/**
 * Checks a store holding {@link slaStateTickets} against {@link SLA_STATES_EXPECTED}: the breach
 * filters and SLA statistics, each answered from the running totals and (customer filter) from the
 * rows. For upgrade tests, after a migration backfilled the totals.
 */
export async function expectSlaStateCounts(store: TicketStore): Promise<void> {
  expect(await countSlaStateTickets(store, { slaBreached: true })).toBe(SLA_STATES_EXPECTED.breached);
  expect(await countSlaStateTickets(store, { slaBreached: true, customerId: 1 })).toBe(SLA_STATES_EXPECTED.breached);
  expect(await countSlaStateTickets(store, { slaStatus: 'breached', status: 'open' })).toBe(SLA_STATES_EXPECTED.breachedOpen);
  expect(await countSlaStateTickets(store, { slaBreached: false })).toBe(7 - SLA_STATES_EXPECTED.breached);
  const options = { now: SLA_STATES_NOW, mine: { assignedToId: 2 } };
  expect((await store.statistics({}, options)).sla).toEqual(SLA_STATES_EXPECTED.sla);
  expect((await store.statistics({ customerId: 1 }, options)).sla).toEqual(SLA_STATES_EXPECTED.sla);
}
