import { describe, expect, it } from 'vitest';
import { InvalidTransitionError, TICKET_STATUSES, allowedTransitions, applyStatusChange, canTransition, type TicketStatus } from '../src/index.js';

const WORKING = ['new', 'open', 'in_progress', 'pending', 'reopened'] as const;
const TARGETS_FROM_WORKING = ['open', 'in_progress', 'pending', 'resolved', 'closed'];

/** The allowed-transitions table, written out independently of the implementation. */
function expected(from: TicketStatus, to: TicketStatus): 'noop' | 'allowed' | 'rejected' {
  if (from === to) return 'noop';
  if ((WORKING as readonly string[]).includes(from)) return TARGETS_FROM_WORKING.includes(to) ? 'allowed' : 'rejected';
  if (from === 'resolved') return to === 'closed' || to === 'reopened' ? 'allowed' : 'rejected';
  return to === 'reopened' ? 'allowed' : 'rejected';
}

const now = new Date('2025-01-02T03:04:05Z');
const earlier = new Date('2025-01-01T00:00:00Z');

describe('lifecycle: the whole 7×7 transition matrix', () => {
  for (const from of TICKET_STATUSES) {
    for (const to of TICKET_STATUSES) {
      const outcome = expected(from, to);
      it(`${from} → ${to}: ${outcome}`, () => {
        const ticket = { status: from, resolvedAt: from === 'resolved' || from === 'closed' ? earlier : null, closedAt: from === 'closed' ? earlier : null };
        if (outcome === 'noop') {
          expect(applyStatusChange(ticket, to, now)).toBeNull();
          expect(canTransition(from, to)).toBe(true);
        } else if (outcome === 'rejected') {
          expect(canTransition(from, to)).toBe(false);
          expect(() => applyStatusChange(ticket, to, now)).toThrow(InvalidTransitionError);
          try {
            applyStatusChange(ticket, to, now);
          } catch (error) {
            expect((error as Error).message).toContain(from);
            expect((error as Error).message).toContain(to);
          }
        } else {
          expect(canTransition(from, to)).toBe(true);
          expect(allowedTransitions(from)).toContain(to);
          const change = applyStatusChange(ticket, to, now)!;
          expect(change.status).toBe(to);
        }
      });
    }
  }
});

describe('lifecycle timestamps', () => {
  const ticket = (status: TicketStatus, resolvedAt: Date | null, closedAt: Date | null) => ({ status, resolvedAt, closedAt });
  // [what, the ticket before, the status it enters, its resolvedAt and closedAt after]
  const cases: Array<[string, ReturnType<typeof ticket>, TicketStatus, [Date | null, Date | null]]> = [
    ['entering resolved sets resolvedAt and keeps closedAt', ticket('open', null, null), 'resolved', [now, null]],
    ['entering closed sets closedAt, and resolvedAt when unset', ticket('open', null, null), 'closed', [now, now]],
    ['entering closed keeps a resolvedAt already set', ticket('resolved', earlier, null), 'closed', [earlier, now]],
    ['entering reopened clears both', ticket('closed', earlier, earlier), 'reopened', [null, null]],
    ['moving between working statuses leaves both untouched', ticket('new', null, null), 'in_progress', [null, null]],
  ];
  for (const [name, before, to, [resolvedAt, closedAt]] of cases) {
    it(name, () => {
      expect(applyStatusChange(before, to, now)).toEqual({ status: to, resolvedAt, closedAt });
    });
  }
});
