import type { FirstResponseClock, ResolutionClock, TicketPriority, TicketStatus } from '../domain/enums.js';
import { addBusinessMilliseconds, businessMillisecondsBetween, type CalendarLike } from './business-time.js';
import { slaTargetsFor, type SlaPolicy } from './policy.js';

/**
 * The SLA clocks of one ticket, as a store persists them (one column per field) and updates them
 * incrementally on each change, without replaying history.
 *
 * Proposed columns (snake_case) and their meaning:
 * - `sla_policy_id` — the policy chosen for the ticket, or null.
 * - `sla_first_response_clock` — `none` (no target) | `running` | `stopped` (responded, or resolved/closed first).
 * - `sla_first_response_due_at` — creation + the target in business time (indexed).
 * - `sla_first_response_breached` — set once the target is known missed (stopped late, or found overdue by `tick`).
 * - `sla_resolution_clock` — `none` | `running` | `paused` | `fulfilled`.
 * - `sla_resolution_due_at` — null while paused or without a target; kept after fulfilment (indexed).
 * - `sla_resolution_elapsed_ms` — business time counted in finished running segments.
 * - `sla_resolution_running_since` — start of the current running segment (null unless running).
 * - `sla_resolution_breached` — as for first response.
 *
 * While running, `resolution_due_at = addBusiness(running_since, target − elapsed)`, so a resume needs
 * only these columns. Breach at read time = flag OR (clock `running` AND due < now), which is an
 * index-friendly SQL predicate; `tick(now)` flips the flags with a conditional UPDATE
 * (`… WHERE clock = 'running' AND due_at < :now AND NOT breached`), so each breach is recorded once
 * even when several processes tick together. A change that sets a flag itself records the breach too.
 */
export interface SlaClockState {
  policyId: number | null;
  firstResponseClock: FirstResponseClock;
  firstResponseDueAt: Date | null;
  firstResponseBreached: boolean;
  resolutionClock: ResolutionClock;
  resolutionDueAt: Date | null;
  resolutionElapsedMs: number;
  resolutionRunningSince: Date | null;
  resolutionBreached: boolean;
}

/** What the clocks are measured against: the ticket's policy (null = none applies), its calendar and the ticket's priority. */
export interface SlaClockContext {
  policy: SlaPolicy | null;
  /** The policy's calendar; null = round-the-clock (also when the policy's `calendarId` is null). */
  calendar: CalendarLike | null;
  priority: TicketPriority;
}

/** A target found missed by an update: write an `sla_breached` history row and emit `sla.breached`. */
export interface SlaBreach {
  target: 'first_response' | 'resolution';
  dueAt: Date;
}

/** The result of an update: the new state and the breaches it newly records. */
export interface SlaUpdate {
  state: SlaClockState;
  breaches: SlaBreach[];
}

/** The overall SLA status shown for a ticket. */
export type SlaStatus = 'none' | 'active' | 'paused' | 'fulfilled' | 'breached';

/** The SLA fields of a ticket as read at `now`. */
export interface SlaView {
  policyId: number | null;
  firstResponseDueAt: Date | null;
  firstResponseBreached: boolean;
  resolutionDueAt: Date | null;
  resolutionBreached: boolean;
  slaStatus: SlaStatus;
}

const MINUTE_MS = 60_000;
const isFinal = (status: TicketStatus) => status === 'resolved' || status === 'closed';

function resolutionPhase(policy: SlaPolicy, status: TicketStatus): 'running' | 'paused' | 'fulfilled' {
  if (isFinal(status)) return 'fulfilled'; // fulfilment wins even if a policy lists resolved/closed as pausing
  return policy.pauseStatuses.includes(status) ? 'paused' : 'running';
}

function dueFrom(ctx: SlaClockContext, start: Date, targetMinutes: number, elapsedMs: number): Date {
  return addBusinessMilliseconds(ctx.calendar, start, Math.max(0, targetMinutes * MINUTE_MS - elapsedMs));
}

function withBreaches(before: SlaClockState, state: SlaClockState): SlaUpdate {
  const breaches: SlaBreach[] = [];
  if (state.firstResponseBreached && !before.firstResponseBreached)
    breaches.push({ target: 'first_response', dueAt: state.firstResponseDueAt! });
  if (state.resolutionBreached && !before.resolutionBreached)
    breaches.push({ target: 'resolution', dueAt: state.resolutionDueAt ?? before.resolutionDueAt! });
  return { state, breaches };
}

/** The state of a ticket without SLA (no policy, or no target for its priority). */
export const NO_SLA: SlaClockState = Object.freeze({
  policyId: null,
  firstResponseClock: 'none',
  firstResponseDueAt: null,
  firstResponseBreached: false,
  resolutionClock: 'none',
  resolutionDueAt: null,
  resolutionElapsedMs: 0,
  resolutionRunningSince: null,
  resolutionBreached: false,
});

/**
 * Clocks of a ticket created at `createdAt` in `status` (normally `new`), under the policy chosen for
 * it (`selectSlaPolicy`). Throws `NoBusinessTimeError` if the policy's calendar has no open time at all;
 * hosts should refuse such a calendar for a policy when it is written (`calendarHasOpenTime`).
 */
export function startSlaClocks(ctx: SlaClockContext, createdAt: Date, status: TicketStatus = 'new'): SlaClockState {
  const { policy } = ctx;
  if (!policy) return { ...NO_SLA };
  const targets = slaTargetsFor(policy, ctx.priority);
  const state: SlaClockState = { ...NO_SLA, policyId: policy.id };
  if (targets.firstResponseMinutes !== null) {
    state.firstResponseClock = 'running';
    state.firstResponseDueAt = dueFrom(ctx, createdAt, targets.firstResponseMinutes, 0);
  }
  if (targets.resolutionMinutes !== null) {
    const phase = resolutionPhase(policy, status);
    state.resolutionClock = phase;
    if (phase === 'running') {
      state.resolutionRunningSince = createdAt;
      state.resolutionDueAt = dueFrom(ctx, createdAt, targets.resolutionMinutes, 0);
    }
  }
  return state;
}

/** The first response happened at `at`: stops the first-response clock (breached if after its due time). */
export function applySlaFirstResponse(state: SlaClockState, at: Date): SlaUpdate {
  if (state.firstResponseClock !== 'running') return { state, breaches: [] };
  const next: SlaClockState = { ...state, firstResponseClock: 'stopped' };
  if (at.getTime() > state.firstResponseDueAt!.getTime()) next.firstResponseBreached = true;
  return withBreaches(state, next);
}

/**
 * The ticket's status changed to `to` at `at`. Resolving or closing stops a running first-response
 * clock and fulfils the resolution clock; entering a pause status pauses it (counted time kept);
 * leaving it, or reopening, resumes it. `ctx.policy` is the ticket's policy (`state.policyId`) as it
 * is now, so edits to it apply at the ticket's next change. Priority, category or customer changes are
 * not status changes: choose the policy again and use {@link replaySlaClocks}.
 */
export function applySlaStatusChange(state: SlaClockState, ctx: SlaClockContext, to: TicketStatus, at: Date): SlaUpdate {
  const next: SlaClockState = { ...state };
  const atMs = at.getTime();
  if (isFinal(to) && state.firstResponseClock === 'running') {
    next.firstResponseClock = 'stopped';
    if (atMs > state.firstResponseDueAt!.getTime()) next.firstResponseBreached = true;
  }
  const target = slaTargetsFor(ctx.policy, ctx.priority).resolutionMinutes;
  if (state.resolutionClock === 'none' || !ctx.policy || target === null) return withBreaches(state, next);

  const phase = resolutionPhase(ctx.policy, to);
  if (state.resolutionClock === 'running') {
    if (phase === 'running') {
      // Still running: same segment; only a policy edit can move the due time.
      next.resolutionDueAt = dueFrom(ctx, state.resolutionRunningSince!, target, state.resolutionElapsedMs);
      return withBreaches(state, next);
    }
    next.resolutionElapsedMs += businessMillisecondsBetween(ctx.calendar, state.resolutionRunningSince!, at);
    if (atMs > state.resolutionDueAt!.getTime()) next.resolutionBreached = true;
    next.resolutionRunningSince = null;
    next.resolutionClock = phase;
    if (phase === 'paused') next.resolutionDueAt = null; // fulfilled keeps the last due time
    return withBreaches(state, next);
  }
  // Paused or fulfilled.
  if (phase === 'running') {
    next.resolutionClock = 'running';
    next.resolutionRunningSince = at;
    next.resolutionDueAt = dueFrom(ctx, at, target, state.resolutionElapsedMs);
  } else if (phase !== state.resolutionClock) {
    next.resolutionClock = phase; // paused → fulfilled keeps due null; fulfilled → paused clears it
    if (phase === 'paused') next.resolutionDueAt = null;
  }
  return withBreaches(state, next);
}

/** Records breaches of running clocks whose due time is before `now` (what `tick(now)` does per ticket). */
export function recordOverdueSlaBreaches(state: SlaClockState, now: Date): SlaUpdate {
  const next: SlaClockState = { ...state };
  const t = now.getTime();
  if (state.firstResponseClock === 'running' && state.firstResponseDueAt!.getTime() < t) next.firstResponseBreached = true;
  if (state.resolutionClock === 'running' && state.resolutionDueAt!.getTime() < t) next.resolutionBreached = true;
  return withBreaches(state, next);
}

/** A status change in a ticket's past. */
export interface SlaStatusTransition {
  to: TicketStatus;
  at: Date;
}

/** Everything needed to recompute a ticket's clocks from creation. */
export interface SlaReplayInput {
  createdAt: Date;
  /** Status changes in time order (the ticket starts `new`). */
  transitions: readonly SlaStatusTransition[];
  firstResponseAt: Date | null;
}

/**
 * Recomputes the clocks from creation, as required when the policy is chosen again (priority,
 * category or customer changed): same result as applying every event in order to fresh clocks.
 * Breach flags are recomputed; `breaches` lists those not set in `previous`.
 */
export function replaySlaClocks(ctx: SlaClockContext, input: SlaReplayInput, previous: SlaClockState = NO_SLA): SlaUpdate {
  let state = startSlaClocks(ctx, input.createdAt);
  const found: SlaBreach[] = [];
  const step = (update: SlaUpdate) => {
    state = update.state;
    found.push(...update.breaches);
  };
  let responded = input.firstResponseAt === null;
  for (const { to, at } of input.transitions) {
    if (!responded && input.firstResponseAt!.getTime() <= at.getTime()) {
      step(applySlaFirstResponse(state, input.firstResponseAt!));
      responded = true;
    }
    step(applySlaStatusChange(state, ctx, to, at));
  }
  if (!responded) step(applySlaFirstResponse(state, input.firstResponseAt!));
  const breaches = found.filter((b) =>
    b.target === 'first_response' ? !previous.firstResponseBreached : !previous.resolutionBreached,
  );
  return { state, breaches };
}

/**
 * The SLA fields at `now`: breaches count as soon as a running clock passes its due time, before any
 * tick. The same rule in SQL, for list filters and statistics (`fr_*` / `res_*` = the columns above):
 * - breached: `fr_breached OR res_breached OR (fr_clock = 'running' AND fr_due_at < :now)
 *   OR (res_clock = 'running' AND res_due_at < :now)`
 * - paused: not breached AND `res_clock = 'paused'`
 * - active: not breached AND `res_clock <> 'paused'` AND (`fr_clock = 'running'` OR `res_clock = 'running'`)
 * - fulfilled: not breached, nothing running or paused, and some clock not `none`
 * - none: `fr_clock = 'none' AND res_clock = 'none'`
 * Partial indexes on `(fr_due_at) WHERE fr_clock = 'running'` (and the same for resolution) serve
 * both the breached filter and `tick`.
 */
export function evaluateSla(state: SlaClockState, now: Date): SlaView {
  const t = now.getTime();
  const firstResponseBreached =
    state.firstResponseBreached || (state.firstResponseClock === 'running' && state.firstResponseDueAt!.getTime() < t);
  const resolutionBreached =
    state.resolutionBreached || (state.resolutionClock === 'running' && state.resolutionDueAt!.getTime() < t);
  let slaStatus: SlaStatus;
  if (state.firstResponseClock === 'none' && state.resolutionClock === 'none') slaStatus = 'none';
  else if (firstResponseBreached || resolutionBreached) slaStatus = 'breached';
  else if (state.resolutionClock === 'paused') slaStatus = 'paused';
  else if (state.firstResponseClock === 'running' || state.resolutionClock === 'running') slaStatus = 'active';
  else slaStatus = 'fulfilled';
  return {
    policyId: state.policyId,
    firstResponseDueAt: state.firstResponseDueAt,
    firstResponseBreached,
    resolutionDueAt: state.resolutionDueAt,
    resolutionBreached,
    slaStatus,
  };
}
