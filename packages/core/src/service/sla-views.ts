import type { Ticket } from '../domain/model.js';
import type { CalendarLike } from '../sla/business-time.js';
import { evaluateSla } from '../sla/clock.js';
import { computeSlaBusinessMetrics } from '../sla/metrics.js';
import { slaClockStateOf } from '../sla/ticket-state.js';
import type { ServiceContext } from './context.js';
import type { TicketSlaView, TicketView } from './types.js';
import type { Actor } from '../domain/model.js';
import { isStaff } from './policy.js';
import { toTicketViews } from './views.js';
import { calendarsByPolicy, loadSlaSetup } from './sla-clocks.js';

/** Policy id → its calendar (null = round-the-clock), for the policies some tickets use. */
export type SlaCalendarsByPolicy = ReadonlyMap<number, CalendarLike | null>;

/**
 * The calendars of the policies `tickets` use (none read when no ticket has a policy). A deleted
 * policy's tickets are measured round-the-clock.
 */
export async function loadSlaCalendars(ctx: ServiceContext, tickets: readonly Ticket[]): Promise<SlaCalendarsByPolicy> {
  if (!tickets.some((t) => t.slaPolicyId !== null)) return new Map();
  return calendarsByPolicy(await loadSlaSetup(ctx));
}

/** The SLA fields of a ticket's view at `now` (breaches count once a running clock passes its due time). */
export function slaViewFields(ticket: Ticket, now: Date, calendars: SlaCalendarsByPolicy): TicketSlaView {
  const view = evaluateSla(slaClockStateOf(ticket), now);
  const hasPolicy = ticket.slaPolicyId !== null;
  const metrics = computeSlaBusinessMetrics(hasPolicy, hasPolicy ? (calendars.get(ticket.slaPolicyId!) ?? null) : null, ticket);
  return {
    slaPolicyId: view.policyId,
    firstResponseDueAt: view.firstResponseDueAt,
    firstResponseBreached: view.firstResponseBreached,
    resolutionDueAt: view.resolutionDueAt,
    resolutionBreached: view.resolutionBreached,
    slaStatus: view.slaStatus,
    responseTimeBusinessHours: metrics.responseTimeBusinessHours,
    resolutionTimeBusinessHours: metrics.resolutionTimeBusinessHours,
  };
}

/**
 * Views of `tickets` for `actor`: staff get the SLA fields (with `calendars`, or loaded here),
 * customers never do.
 */
export async function ticketViewsFor(
  ctx: ServiceContext,
  actor: Actor,
  tickets: readonly Ticket[],
  now: Date,
  calendars?: SlaCalendarsByPolicy,
): Promise<TicketView[]> {
  if (!isStaff(actor)) return toTicketViews(tickets, ctx.directory, now);
  const sla = calendars ?? (await loadSlaCalendars(ctx, tickets));
  return toTicketViews(tickets, ctx.directory, now, sla);
}
