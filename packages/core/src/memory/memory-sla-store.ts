import { historyValue } from '../domain/history.js';
import type { HistoryEntry, Ticket } from '../domain/model.js';
import { ConflictError } from '../errors.js';
import type { NewBusinessCalendar, NewSlaPolicy, RecordedSlaBreach, SlaStore } from '../ports/sla-store.js';
import type { BusinessCalendar } from '../sla/calendar.js';
import { compareSlaPolicies, type SlaPolicy } from '../sla/policy.js';
import { copyRow, type WorkingTables } from './memory-tables.js';
import { RECORDED_BREACH_AT } from '../sla/ticket-state.js';

/** Runs `fn` over a transaction's working tables (committed when it returns). */
export type MemoryWork = <T>(fn: (work: WorkingTables) => T) => Promise<T>;

/**
 * The in-memory {@link SlaStore}. Calendars and policies live in plain maps (every operation is
 * synchronous, so each is atomic); breach recording runs in a store transaction over the tickets.
 */
export function createMemorySlaStore(inTransaction: MemoryWork): SlaStore {
  const calendars = new Map<number, BusinessCalendar>();
  const policies = new Map<number, SlaPolicy>();
  let lastCalendarId = 0;
  let lastPolicyId = 0;

  const nextPosition = () => Math.max(-1, ...[...policies.values()].map((p) => p.position)) + 1;

  return {
    async listCalendars() {
      return [...calendars.values()].sort((a, b) => a.id - b.id).map(copyRow);
    },
    async getCalendar(id) {
      const found = calendars.get(id);
      return found ? copyRow(found) : null;
    },
    async insertCalendar(calendar: NewBusinessCalendar) {
      const row: BusinessCalendar = { ...copyRow(calendar), id: ++lastCalendarId };
      calendars.set(row.id, row);
      return copyRow(row);
    },
    async updateCalendar(id, calendar) {
      if (!calendars.has(id)) return null;
      const row: BusinessCalendar = { ...copyRow(calendar), id };
      calendars.set(id, row);
      return copyRow(row);
    },
    async deleteCalendar(id) {
      if (!calendars.has(id)) return false;
      const user = [...policies.values()].find((p) => p.calendarId === id);
      if (user) throw new ConflictError(`Calendar ${id} is used by SLA policy ${user.id} ("${user.name}").`);
      calendars.delete(id);
      return true;
    },
    async listPolicies() {
      return [...policies.values()].sort(compareSlaPolicies).map(copyRow);
    },
    async getPolicy(id) {
      const found = policies.get(id);
      return found ? copyRow(found) : null;
    },
    async insertPolicy(policy: NewSlaPolicy) {
      const row: SlaPolicy = { ...copyRow(policy), position: policy.position ?? nextPosition(), id: ++lastPolicyId };
      policies.set(row.id, row);
      return copyRow(row);
    },
    async updatePolicy(id, policy) {
      const current = policies.get(id);
      if (!current) return null;
      const row: SlaPolicy = { ...copyRow(policy), position: policy.position ?? current.position, id };
      policies.set(id, row);
      return copyRow(row);
    },
    async deletePolicy(id) {
      return policies.delete(id);
    },
    recordDueBreaches(now) {
      return inTransaction((work) => {
        const t = now.getTime();
        const recorded: RecordedSlaBreach[] = [];
        const record = (ticket: Ticket, target: RecordedSlaBreach['target'], dueAt: Date) => {
          const entry: HistoryEntry = {
            id: work.nextId('history'),
            ticketId: ticket.id,
            userId: null,
            action: 'sla_breached',
            fieldName: target,
            oldValue: null,
            newValue: historyValue(dueAt),
            timestamp: now,
            isInternal: true, // SLA rows are staff-only
          };
          work.history.set(entry.id, entry);
          recorded.push({ ticketId: ticket.id, target, dueAt, historyId: entry.id });
        };
        for (const ticket of [...work.tickets.values()].sort((a, b) => a.id - b.id)) {
          const firstDue =
            ticket.slaFirstResponseClock === 'running' && !ticket.slaFirstResponseBreached && ticket.slaFirstResponseDueAt!.getTime() < t;
          const resolutionDue =
            ticket.slaResolutionClock === 'running' && !ticket.slaResolutionBreached && ticket.slaResolutionDueAt!.getTime() < t;
          if (!firstDue && !resolutionDue) continue;
          const row: Ticket = { ...ticket };
          if (firstDue) {
            row.slaFirstResponseBreached = true;
            record(ticket, 'first_response', ticket.slaFirstResponseDueAt!);
          }
          if (resolutionDue) {
            row.slaResolutionBreached = true;
            record(ticket, 'resolution', ticket.slaResolutionDueAt!);
          }
          row.slaBreachAt = RECORDED_BREACH_AT;
          work.tickets.set(ticket.id, row);
        }
        return recorded.map(copyRow);
      });
    },
  };
}
