import type { Ticket } from '../domain/model.js';
import { NO_SLA, type SlaClockState } from './clock.js';

/** The ticket fields that hold SLA clock state, as stored (one column each). */
export const SLA_TICKET_FIELDS = [
  'slaPolicyId',
  'slaFirstResponseClock',
  'slaFirstResponseDueAt',
  'slaFirstResponseBreached',
  'slaResolutionClock',
  'slaResolutionDueAt',
  'slaResolutionElapsedMs',
  'slaResolutionRunningSince',
  'slaResolutionBreached',
  'slaBreachAt',
] as const;
export type SlaTicketFieldName = (typeof SLA_TICKET_FIELDS)[number];

/** The stored SLA fields of a ticket. */
export type SlaTicketFields = Pick<Ticket, SlaTicketFieldName>;

/** A clock state as ticket fields. */
export function slaTicketFields(state: SlaClockState): SlaTicketFields {
  return {
    slaPolicyId: state.policyId,
    slaFirstResponseClock: state.firstResponseClock,
    slaFirstResponseDueAt: state.firstResponseDueAt,
    slaFirstResponseBreached: state.firstResponseBreached,
    slaResolutionClock: state.resolutionClock,
    slaResolutionDueAt: state.resolutionDueAt,
    slaResolutionElapsedMs: state.resolutionElapsedMs,
    slaResolutionRunningSince: state.resolutionRunningSince,
    slaResolutionBreached: state.resolutionBreached,
    slaBreachAt: slaBreachAt(state),
  };
}

/** Stored for a recorded breach: before any `now`, so `slaBreachAt < now` holds from then on. */
export const RECORDED_BREACH_AT = new Date(0);

/**
 * The instant from which a ticket reads as breached: `evaluateSla(state, now)` has a breach exactly
 * when this is before `now`. A recorded breach → {@link RECORDED_BREACH_AT}; else the earliest due
 * time of a running clock; else null (nothing can breach until the next change).
 */
export function slaBreachAt(state: SlaClockState): Date | null {
  if (state.firstResponseBreached || state.resolutionBreached) return RECORDED_BREACH_AT;
  let at: Date | null = null;
  for (const due of [
    state.firstResponseClock === 'running' ? state.firstResponseDueAt : null,
    state.resolutionClock === 'running' ? state.resolutionDueAt : null,
  ]) {
    if (due !== null && (at === null || due.getTime() < at.getTime())) at = due;
  }
  return at;
}

/** The SLA fields of a ticket without SLA: what a store writes when an insert leaves them out. */
export const NO_SLA_TICKET_FIELDS: Readonly<SlaTicketFields> = Object.freeze(slaTicketFields(NO_SLA));

/** A ticket's clock state. */
export function slaClockStateOf(ticket: SlaTicketFields): SlaClockState {
  return {
    policyId: ticket.slaPolicyId,
    firstResponseClock: ticket.slaFirstResponseClock,
    firstResponseDueAt: ticket.slaFirstResponseDueAt,
    firstResponseBreached: ticket.slaFirstResponseBreached,
    resolutionClock: ticket.slaResolutionClock,
    resolutionDueAt: ticket.slaResolutionDueAt,
    resolutionElapsedMs: ticket.slaResolutionElapsedMs,
    resolutionRunningSince: ticket.slaResolutionRunningSince,
    resolutionBreached: ticket.slaResolutionBreached,
  };
}

/** The fields of `next` that differ from `before` (for a minimal update). */
export function changedSlaFields(before: SlaTicketFields, next: SlaTicketFields): Partial<SlaTicketFields> {
  const out: Partial<Record<SlaTicketFieldName, unknown>> = {};
  for (const f of SLA_TICKET_FIELDS) {
    const a = before[f];
    const b = next[f];
    const same = a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
    if (!same) out[f] = b;
  }
  return out as Partial<SlaTicketFields>;
}
