import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TICKET_STATUSES, type TicketStatus } from '../src/domain/enums.js';
import {
  applySlaFirstResponse,
  applySlaStatusChange,
  businessMillisecondsBetween,
  computeSlaBusinessMetrics,
  evaluateSla,
  recordOverdueSlaBreaches,
  replaySlaClocks,
  selectSlaPolicy,
  startSlaClocks,
  type CalendarLike,
  type SlaClockContext,
  type SlaClockState,
  type SlaPolicy,
} from '../src/sla/index.js';

const d = (iso: string) => new Date(iso);
const iso = (x: Date | null) => x?.toISOString() ?? null;

function policy(over: Partial<SlaPolicy> = {}): SlaPolicy {
  return {
    id: 1,
    name: 'Standard',
    position: 0,
    match: { priority: [], category: [], customer: [] },
    calendarId: null,
    pauseStatuses: ['pending'],
    targets: {
      medium: { firstResponseMinutes: 60, resolutionMinutes: 480 },
      urgent: { firstResponseMinutes: 15, resolutionMinutes: 120 },
      low: { firstResponseMinutes: null, resolutionMinutes: 600 },
    },
    ...over,
  };
}

const ctx = (over: Partial<SlaClockContext> = {}): SlaClockContext => ({
  policy: policy(),
  calendar: null,
  priority: 'medium',
  ...over,
});

const created = d('2024-06-03T08:00:00Z');

describe('policy selection', () => {
  const facts = { priority: 'urgent' as const, category: 'billing', customerId: 7 };
  it('takes the first match by position, then by id; empty lists match anything', () => {
    const a = policy({ id: 5, position: 2 });
    const b = policy({ id: 9, position: 1, match: { priority: ['urgent'], category: [], customer: [] } });
    const c = policy({ id: 3, position: 1, match: { priority: [], category: ['billing'], customer: [7] } });
    expect(selectSlaPolicy([a, b, c], facts)?.id).toBe(3);
    expect(selectSlaPolicy([a, b], facts)?.id).toBe(9);
    expect(selectSlaPolicy([a, b], { ...facts, priority: 'low' })?.id).toBe(5);
  });
  it('returns null when nothing matches', () => {
    const only = policy({ match: { priority: [], category: ['technical'], customer: [] } });
    expect(selectSlaPolicy([only], facts)).toBeNull();
    expect(selectSlaPolicy([], facts)).toBeNull();
  });
});

describe('starting the clocks', () => {
  it('sets both due times from creation', () => {
    const s = startSlaClocks(ctx(), created);
    expect(iso(s.firstResponseDueAt)).toBe('2024-06-03T09:00:00.000Z');
    expect(iso(s.resolutionDueAt)).toBe('2024-06-03T16:00:00.000Z');
    expect(s.policyId).toBe(1);
    expect(evaluateSla(s, created).slaStatus).toBe('active');
  });
  it('is `none` without a policy or without a target for the priority', () => {
    expect(evaluateSla(startSlaClocks(ctx({ policy: null }), created), created).slaStatus).toBe('none');
    const none = startSlaClocks(ctx({ priority: 'high' }), created);
    expect(evaluateSla(none, created)).toMatchObject({ slaStatus: 'none', firstResponseDueAt: null, resolutionDueAt: null });
  });
  it('runs only the targets the priority has', () => {
    const s = startSlaClocks(ctx({ priority: 'low' }), created);
    expect(s.firstResponseClock).toBe('none');
    expect(iso(s.resolutionDueAt)).toBe('2024-06-03T18:00:00.000Z');
  });
  it('starts paused when `new` is a pause status', () => {
    const s = startSlaClocks(ctx({ policy: policy({ pauseStatuses: ['new', 'pending'] }) }), created);
    expect(s.resolutionClock).toBe('paused');
    expect(s.resolutionDueAt).toBeNull();
    expect(evaluateSla(s, created).slaStatus).toBe('paused');
  });
  it('counts on the policy calendar', () => {
    const cal: CalendarLike = {
      timezone: 'Europe/Berlin',
      holidays: [],
      hours: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [], thu: [], fri: [], sat: [], sun: [] },
    };
    // Monday 2024-06-03 16:30 local: 30 min left Monday, 7.5 h Tuesday → Tuesday 16:30 local.
    const s = startSlaClocks(ctx({ calendar: cal }), d('2024-06-03T14:30:00Z'));
    expect(iso(s.resolutionDueAt)).toBe('2024-06-04T14:30:00.000Z');
    expect(iso(s.firstResponseDueAt)).toBe('2024-06-04T07:30:00.000Z');
  });
});

describe('first response clock', () => {
  it('is met by a response before its due time, and breached by one after', () => {
    const s = startSlaClocks(ctx(), created);
    const met = applySlaFirstResponse(s, d('2024-06-03T08:59:59Z'));
    expect(met.breaches).toEqual([]);
    expect(evaluateSla(met.state, d('2024-06-03T12:00Z')).firstResponseBreached).toBe(false);
    const late = applySlaFirstResponse(s, d('2024-06-03T09:00:01Z'));
    expect(late.breaches).toEqual([{ target: 'first_response', dueAt: d('2024-06-03T09:00:00Z') }]);
  });
  it('a response exactly at the due time meets it', () => {
    expect(applySlaFirstResponse(startSlaClocks(ctx(), created), d('2024-06-03T09:00:00Z')).state.firstResponseBreached).toBe(false);
  });
  it('never pauses', () => {
    const paused = applySlaStatusChange(startSlaClocks(ctx(), created), ctx(), 'pending', d('2024-06-03T08:10Z')).state;
    expect(iso(paused.firstResponseDueAt)).toBe('2024-06-03T09:00:00.000Z');
    expect(evaluateSla(paused, d('2024-06-03T09:00:01Z')).firstResponseBreached).toBe(true);
  });
  it('stops when the ticket is resolved or closed before any response (met if before its due time)', () => {
    const early = applySlaStatusChange(startSlaClocks(ctx(), created), ctx(), 'resolved', d('2024-06-03T08:30Z'));
    expect(early.state.firstResponseClock).toBe('stopped');
    expect(evaluateSla(early.state, d('2025-01-01T00:00Z'))).toMatchObject({ firstResponseBreached: false, slaStatus: 'fulfilled' });
    // A later response changes nothing.
    expect(applySlaFirstResponse(early.state, d('2024-06-04T00:00Z')).state).toEqual(early.state);
    const late = applySlaStatusChange(startSlaClocks(ctx(), created), ctx(), 'closed', d('2024-06-03T10:00Z'));
    expect(late.breaches.map((b) => b.target)).toEqual(['first_response']);
  });
  it('is breached at read time as soon as the due time passes, before any tick', () => {
    const s = startSlaClocks(ctx(), created);
    expect(evaluateSla(s, d('2024-06-03T09:00:00Z')).slaStatus).toBe('active');
    expect(evaluateSla(s, d('2024-06-03T09:00:00.001Z'))).toMatchObject({ firstResponseBreached: true, slaStatus: 'breached' });
  });
});

describe('resolution clock', () => {
  it('pauses on pending (due time null) and resumes keeping the time already counted', () => {
    const c = ctx();
    let s = startSlaClocks(c, created);
    s = applySlaStatusChange(s, c, 'open', d('2024-06-03T09:00Z')).state;
    s = applySlaStatusChange(s, c, 'pending', d('2024-06-03T10:00Z')).state; // 2 h counted
    expect(s.resolutionDueAt).toBeNull();
    expect(s.resolutionElapsedMs).toBe(2 * 3_600_000);
    expect(evaluateSla(s, d('2024-06-10T00:00Z')).slaStatus).toBe('breached'); // the first response is still due
    const responded = applySlaFirstResponse(s, d('2024-06-03T08:30Z')).state;
    expect(evaluateSla(responded, d('2024-06-10T00:00Z')).slaStatus).toBe('paused');
    const resumed = applySlaStatusChange(responded, c, 'open', d('2024-06-04T12:00Z')).state; // 6 h left
    expect(iso(resumed.resolutionDueAt)).toBe('2024-06-04T18:00:00.000Z');
    expect(evaluateSla(resumed, d('2024-06-04T17:59Z')).slaStatus).toBe('active');
  });

  it('is fulfilled on resolved, keeps its last due time, and resumes on reopened', () => {
    const c = ctx();
    let s = applySlaFirstResponse(startSlaClocks(c, created), d('2024-06-03T08:05Z')).state;
    s = applySlaStatusChange(s, c, 'resolved', d('2024-06-03T11:00Z')).state; // 3 h counted
    expect(iso(s.resolutionDueAt)).toBe('2024-06-03T16:00:00.000Z');
    expect(evaluateSla(s, d('2024-07-01T00:00Z'))).toMatchObject({ slaStatus: 'fulfilled', resolutionBreached: false });
    s = applySlaStatusChange(s, c, 'reopened', d('2024-06-05T00:00Z')).state;
    expect(iso(s.resolutionDueAt)).toBe('2024-06-05T05:00:00.000Z');
    s = applySlaStatusChange(s, c, 'closed', d('2024-06-05T06:00Z')).state;
    expect(evaluateSla(s, d('2024-07-01T00:00Z'))).toMatchObject({ slaStatus: 'breached', resolutionBreached: true });
  });

  it('records a breach when it pauses or is fulfilled after its due time, once', () => {
    const c = ctx({ priority: 'urgent' });
    const s = startSlaClocks(c, created);
    const paused = applySlaStatusChange(s, c, 'pending', d('2024-06-03T10:30Z'));
    // The first-response clock keeps running (never pauses), so only the resolution breach is recorded here.
    expect(paused.breaches).toEqual([{ target: 'resolution', dueAt: d('2024-06-03T10:00Z') }]);
    const resumed = applySlaStatusChange(paused.state, c, 'open', d('2024-06-04T00:00Z'));
    expect(iso(resumed.state.resolutionDueAt)).toBe('2024-06-04T00:00:00.000Z'); // nothing left
    // Resolving now records only the first-response breach (resolved late, never answered); the resolution one was recorded already.
    const resolved = applySlaStatusChange(resumed.state, c, 'resolved', d('2024-06-05T00:00Z'));
    expect(resolved.breaches.map((b) => b.target)).toEqual(['first_response']);
    expect(evaluateSla(resolved.state, d('2024-06-05T00:00Z'))).toMatchObject({ resolutionBreached: true, slaStatus: 'breached' });
  });

  it('a policy edit applies at the next change', () => {
    const c = ctx();
    let s = startSlaClocks(c, created);
    const edited = ctx({ policy: policy({ targets: { medium: { firstResponseMinutes: 60, resolutionMinutes: 240 } } }) });
    s = applySlaStatusChange(s, edited, 'open', d('2024-06-03T09:00Z')).state;
    expect(iso(s.resolutionDueAt)).toBe('2024-06-03T12:00:00.000Z');
    s = applySlaStatusChange(s, edited, 'in_progress', d('2024-06-03T09:30Z')).state;
    expect(iso(s.resolutionDueAt)).toBe('2024-06-03T12:00:00.000Z');
  });
});

describe('tick and status precedence', () => {
  it('recordOverdueSlaBreaches flips each overdue clock once', () => {
    const s = startSlaClocks(ctx(), created);
    expect(recordOverdueSlaBreaches(s, d('2024-06-03T09:00Z')).breaches).toEqual([]);
    const first = recordOverdueSlaBreaches(s, d('2024-06-03T17:00Z'));
    expect(first.breaches.map((b) => b.target)).toEqual(['first_response', 'resolution']);
    expect(recordOverdueSlaBreaches(first.state, d('2024-06-04T00:00Z')).breaches).toEqual([]);
  });
  it('breached > paused > active > fulfilled', () => {
    const c = ctx();
    const s = applySlaFirstResponse(startSlaClocks(c, created), d('2024-06-03T08:10Z')).state;
    const paused = applySlaStatusChange(s, c, 'pending', d('2024-06-03T09:00Z')).state;
    expect(evaluateSla(s, d('2024-06-03T09:00Z')).slaStatus).toBe('active');
    expect(evaluateSla(paused, d('2024-06-03T20:00Z')).slaStatus).toBe('paused');
    const pausedLateResponse = applySlaStatusChange(startSlaClocks(c, created), c, 'pending', d('2024-06-03T08:30Z')).state;
    expect(evaluateSla(pausedLateResponse, d('2024-06-03T09:30Z')).slaStatus).toBe('breached');
  });
});

describe('re-selection recomputes from creation', () => {
  it('a priority change applies the new targets to the whole history, keeping pauses', () => {
    const transitions = [
      { to: 'open' as TicketStatus, at: d('2024-06-03T08:30Z') },
      { to: 'pending' as TicketStatus, at: d('2024-06-03T09:00Z') }, // 1 h counted
      { to: 'open' as TicketStatus, at: d('2024-06-03T12:00Z') },
    ];
    const input = { createdAt: created, transitions, firstResponseAt: d('2024-06-03T08:20Z') };
    const medium = replaySlaClocks(ctx(), input).state;
    expect(iso(medium.resolutionDueAt)).toBe('2024-06-03T19:00:00.000Z'); // 12:00 + 7 h
    const urgent = replaySlaClocks(ctx({ priority: 'urgent' }), input, medium);
    expect(iso(urgent.state.resolutionDueAt)).toBe('2024-06-03T13:00:00.000Z'); // 12:00 + 1 h
    expect(iso(urgent.state.firstResponseDueAt)).toBe('2024-06-03T08:15:00.000Z');
    expect(urgent.breaches).toEqual([{ target: 'first_response', dueAt: d('2024-06-03T08:15Z') }]);
    expect(evaluateSla(urgent.state, d('2024-06-03T12:30Z')).slaStatus).toBe('breached');
    // Moving to a priority without targets leaves no SLA.
    expect(evaluateSla(replaySlaClocks(ctx({ priority: 'high' }), input).state, created).slaStatus).toBe('none');
  });
});

describe('business metrics', () => {
  it('measure creation → response and → resolution on the calendar; null without a policy', () => {
    const cal: CalendarLike = {
      timezone: 'UTC',
      holidays: [],
      hours: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [], thu: [], fri: [], sat: [], sun: [] },
    };
    const ticket = { createdAt: d('2024-06-03T16:00Z'), firstResponseAt: d('2024-06-04T09:30Z'), resolvedAt: null };
    expect(computeSlaBusinessMetrics(true, cal, ticket)).toEqual({ responseTimeBusinessHours: 1.5, resolutionTimeBusinessHours: null });
    expect(computeSlaBusinessMetrics(true, null, ticket).responseTimeBusinessHours).toBe(17.5);
    expect(computeSlaBusinessMetrics(false, cal, ticket)).toEqual({ responseTimeBusinessHours: null, resolutionTimeBusinessHours: null });
  });
});

describe('incremental updates agree with a segment-by-segment recount', () => {
  const cal: CalendarLike = {
    timezone: 'America/New_York',
    holidays: ['2024-11-05'],
    hours: { mon: [['08:00', '18:00']], tue: [['08:00', '18:00']], wed: [['08:00', '12:00'], ['13:00', '24:00']], thu: [['00:00', '24:00']], fri: [['08:00', '18:00']], sat: [], sun: [['01:00', '03:00']] },
  };
  const transitions = fc
    .array(fc.record({ to: fc.constantFrom(...TICKET_STATUSES), gapMinutes: fc.integer({ min: 1, max: 3000 }) }), { maxLength: 8 })
    .map((steps) => {
      let t = d('2024-10-30T12:00Z').getTime();
      return steps.map(({ to, gapMinutes }) => ({ to, at: new Date((t += gapMinutes * 60_000)) }));
    });

  it('elapsed time, running segment and due time (200 cases)', () => {
    const c = ctx({ calendar: cal, priority: 'low' }); // resolution target 600 min
    const createdAt = d('2024-10-30T12:00Z');
    fc.assert(
      fc.property(transitions, (steps) => {
        let state: SlaClockState = startSlaClocks(c, createdAt);
        for (const s of steps) state = applySlaStatusChange(state, c, s.to, s.at).state;
        // Independent recount: running segments are the spans spent in non-pause, non-final statuses.
        let status: TicketStatus = 'new';
        let since = createdAt;
        let counted = 0;
        for (const s of steps) {
          if (status !== 'pending' && status !== 'resolved' && status !== 'closed') counted += businessMillisecondsBetween(cal, since, s.at);
          status = s.to;
          since = s.at;
        }
        const running = status !== 'pending' && status !== 'resolved' && status !== 'closed';
        expect(state.resolutionClock === 'running').toBe(running);
        if (running) {
          const before = state.resolutionElapsedMs + businessMillisecondsBetween(cal, state.resolutionRunningSince!, since);
          expect(before).toBe(counted);
          const left = 600 * 60_000 - state.resolutionElapsedMs;
          if (left > 0) expect(businessMillisecondsBetween(cal, state.resolutionRunningSince!, state.resolutionDueAt!)).toBe(left);
        } else expect(state.resolutionElapsedMs).toBe(counted);
        expect(replaySlaClocks(c, { createdAt, transitions: steps, firstResponseAt: null }).state).toEqual(state);
      }),
      { numRuns: 200 },
    );
  });
});
