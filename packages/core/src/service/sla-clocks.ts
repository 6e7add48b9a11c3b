import type { NewHistoryEntry } from '../domain/history.js';
import { historyValue } from '../domain/history.js';
import type { TicketStatus } from '../domain/enums.js';
import type { Ticket } from '../domain/model.js';
import type { SlaStore } from '../ports/sla-store.js';
import type { TicketStoreTx } from '../ports/ticket-store.js';
import type { BusinessCalendar } from '../sla/calendar.js';
import {
  applySlaFirstResponse,
  applySlaStatusChange,
  replaySlaClocks,
  startSlaClocks,
  type SlaBreach,
  type SlaClockContext,
  type SlaUpdate,
} from '../sla/clock.js';
import { selectSlaPolicy, type SlaPolicy, type SlaTicketFacts } from '../sla/policy.js';
import { changedSlaFields, slaClockStateOf, slaTicketFields, type SlaTicketFields } from '../sla/ticket-state.js';
import type { PendingEvent, ServiceContext } from './context.js';
import type { SlaCalendarsByPolicy } from './sla-views.js';

/**
 * The policies and calendars in force, read once before a change's transaction (an edit to them
 * applies to a ticket at its next change; reading them first keeps the transaction short).
 */
export interface SlaSetup {
  policies: SlaPolicy[];
  calendars: ReadonlyMap<number, BusinessCalendar>;
}

/** Reads the SLA setup; null when the store has no SLA support or no policies (every clock `none`). */
export async function loadSlaSetup(ctx: ServiceContext): Promise<SlaSetup | null> {
  const sla = ctx.store.sla;
  if (!sla) return null;
  const { policies, calendars } = await readPoliciesAndCalendars(sla);
  return policies.length === 0 ? null : { policies, calendars: new Map(calendars.map((c) => [c.id, c])) };
}

/** Both lists in one read where the store offers it; else the policies, then calendars only if a policy uses one. */
async function readPoliciesAndCalendars(sla: SlaStore): Promise<{ policies: SlaPolicy[]; calendars: BusinessCalendar[] }> {
  if (sla.listPoliciesAndCalendars) return sla.listPoliciesAndCalendars();
  const policies = await sla.listPolicies();
  const calendars = policies.some((p) => p.calendarId !== null) ? await sla.listCalendars() : [];
  return { policies, calendars };
}

/** The calendars of a setup's policies, for views. */
export function calendarsByPolicy(setup: SlaSetup | null): SlaCalendarsByPolicy {
  const out = new Map<number, BusinessCalendar | null>();
  for (const p of setup?.policies ?? []) out.set(p.id, p.calendarId === null ? null : (setup!.calendars.get(p.calendarId) ?? null));
  return out;
}

function clockContext(setup: SlaSetup | null, policy: SlaPolicy | null, priority: Ticket['priority']): SlaClockContext {
  const calendar = policy?.calendarId != null ? (setup?.calendars.get(policy.calendarId) ?? null) : null;
  return { policy, calendar, priority };
}

/** The SLA fields of a new ticket: the first matching policy's clocks, started at creation. */
export function slaFieldsForNewTicket(setup: SlaSetup | null, facts: SlaTicketFacts, createdAt: Date): SlaTicketFields {
  const policy = setup ? selectSlaPolicy(setup.policies, facts) : null;
  return slaTicketFields(startSlaClocks(clockContext(setup, policy, facts.priority), createdAt));
}

/** A ticket change as the SLA clocks see it. */
export interface SlaChange {
  before: Ticket;
  /** The ticket's values after the change (priority, category, customer, status). */
  after: SlaTicketFacts & { status: TicketStatus };
  at: Date;
  /** Whether priority, category or customer changed (the policy is chosen again). */
  reselect: boolean;
  /** Whether the status changed. */
  statusChanged: boolean;
}

/**
 * The SLA fields a ticket change sets, and the breaches it records. Priority, category or customer
 * changes (or a policy that no longer exists) choose the policy again and replay the clocks from
 * creation over the ticket's `status_changed` history; a status change alone advances them.
 */
export async function slaFieldsForChange(
  tx: TicketStoreTx,
  setup: SlaSetup | null,
  change: SlaChange,
): Promise<{ fields: Partial<SlaTicketFields>; breaches: SlaBreach[] }> {
  const { before, after, at } = change;
  // Nothing that moves a clock changed (an assignment, a subject…): the caller did not even load
  // the setup, so the policy must not read as deleted.
  if (!change.reselect && !change.statusChanged) return { fields: {}, breaches: [] };
  const state = slaClockStateOf(before);
  const current = before.slaPolicyId === null ? null : (setup?.policies.find((p) => p.id === before.slaPolicyId) ?? null);
  const policyGone = before.slaPolicyId !== null && current === null;
  let update: SlaUpdate;
  if (change.reselect || policyGone) {
    const policy = setup ? selectSlaPolicy(setup.policies, after) : null;
    if (policy === null && before.slaPolicyId === null) return { fields: {}, breaches: [] };
    const history = await tx.listHistory({ ticketId: before.id, action: 'status_changed', includeInternal: true });
    const transitions = history.rows
      .filter((h) => h.fieldName === 'status' && h.newValue !== null)
      .map((h) => ({ to: h.newValue as TicketStatus, at: h.timestamp }));
    if (change.statusChanged) transitions.push({ to: after.status, at });
    update = replaySlaClocks(
      clockContext(setup, policy, after.priority),
      { createdAt: before.createdAt, transitions, firstResponseAt: before.firstResponseAt },
      state,
    );
  } else if (change.statusChanged && before.slaPolicyId !== null) {
    update = applySlaStatusChange(state, clockContext(setup, current, after.priority), after.status, at);
  } else return { fields: {}, breaches: [] };
  return { fields: changedSlaFields(before, slaTicketFields(update.state)), breaches: update.breaches };
}

/** The SLA fields the first response sets (the first-response clock stops; late = breached). */
export function slaFieldsForFirstResponse(before: Ticket, at: Date): { fields: Partial<SlaTicketFields>; breaches: SlaBreach[] } {
  const update = applySlaFirstResponse(slaClockStateOf(before), at);
  return { fields: changedSlaFields(before, slaTicketFields(update.state)), breaches: update.breaches };
}

/**
 * History rows for breaches a change recorded: `sla_breached`, field = target, new value = the due
 * time, no user. Flagged internal: SLA rows are staff-only, like internal notes.
 */
export function slaBreachHistory(ticketId: number, breaches: readonly SlaBreach[], at: Date): NewHistoryEntry[] {
  return breaches.map((b) => ({
    ticketId,
    userId: null,
    action: 'sla_breached',
    fieldName: b.target,
    oldValue: null,
    newValue: historyValue(b.dueAt),
    timestamp: at,
    isInternal: true,
  }));
}

/** `sla.breached` events for breaches a change recorded (emitted after commit). */
export function slaBreachEvents(ticketId: number, breaches: readonly SlaBreach[]): PendingEvent[] {
  return breaches.map((b): PendingEvent => ['sla.breached', { ticketId, target: b.target, dueAt: b.dueAt, historyId: null }]);
}
