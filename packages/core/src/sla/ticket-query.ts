import type { Ticket } from '../domain/model.js';
import type { SlaStatistics } from '../ports/ticket-store.js';
import { evaluateSla, type SlaStatus } from './clock.js';
import { slaClockStateOf } from './ticket-state.js';

// The reference semantics of the SLA filters and statistics, evaluated per ticket (the in-memory
// store uses them; SQL stores express the same rules as predicates over the stored columns).

/** Whether `ticket` passes the SLA conditions of a filter at `now`. */
export function matchesSlaFilter(ticket: Ticket, filter: { slaStatus?: SlaStatus; slaBreached?: boolean }, now: Date): boolean {
  if (filter.slaStatus === undefined && filter.slaBreached === undefined) return true;
  const view = evaluateSla(slaClockStateOf(ticket), now);
  if (filter.slaStatus !== undefined && view.slaStatus !== filter.slaStatus) return false;
  if (filter.slaBreached !== undefined && (view.firstResponseBreached || view.resolutionBreached) !== filter.slaBreached) return false;
  return true;
}

/** Empty SLA statistics. */
export function emptySlaStatistics(): SlaStatistics {
  return { firstResponse: { active: 0, fulfilled: 0, breached: 0 }, resolution: { active: 0, paused: 0, fulfilled: 0, breached: 0 } };
}

/** Adds one ticket's SLA state at `now` to `stats`. */
export function countSla(stats: SlaStatistics, ticket: Ticket, now: Date): void {
  const view = evaluateSla(slaClockStateOf(ticket), now);
  if (ticket.slaFirstResponseClock !== 'none') {
    if (view.firstResponseBreached) stats.firstResponse.breached += 1;
    else if (ticket.slaFirstResponseClock === 'running') stats.firstResponse.active += 1;
    else stats.firstResponse.fulfilled += 1;
  }
  if (ticket.slaResolutionClock !== 'none') {
    if (view.resolutionBreached) stats.resolution.breached += 1;
    else if (ticket.slaResolutionClock === 'running') stats.resolution.active += 1;
    else if (ticket.slaResolutionClock === 'paused') stats.resolution.paused += 1;
    else stats.resolution.fulfilled += 1;
  }
}
