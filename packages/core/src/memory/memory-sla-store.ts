import { ConflictError } from '../errors.js';
import type { NewBusinessCalendar, NewSlaPolicy, SlaStore } from '../ports/sla-store.js';
import type { BusinessCalendar } from '../sla/calendar.js';
import { compareSlaPolicies, type SlaPolicy } from '../sla/policy.js';
import { copyRow } from './memory-tables.js';

/**
 * The in-memory {@link SlaStore}. Calendars and policies live in plain maps (every operation is
 * synchronous, so each is atomic). Breach recording is the transaction's (`memory-breaches.ts`).
 */
export function createMemorySlaStore(): SlaStore {
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
  };
}
