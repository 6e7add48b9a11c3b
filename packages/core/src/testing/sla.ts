import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import type { TicketStore } from '../ports/ticket-store.js';
import type { BusinessCalendarInput } from '../sla/calendar.js';
import type { SlaPolicyInput } from '../sla/policy.js';
import { SlaValidationError } from '../sla/validation.js';
import { storePerTest, type StoreConformanceOptions } from './harness.js';
import { serviceWorld, type ServiceWorld } from './service-setup.js';

// The world's clock starts Wednesday 2024-05-01 09:00 UTC.
const T0 = '2024-05-01T09:00:00.000Z';
const MIN = 60_000;
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : d);
const plus = (minutes: number, from = T0) => new Date(new Date(from).getTime() + minutes * MIN).toISOString();

const OFFICE: BusinessCalendarInput = {
  name: 'Office',
  timezone: 'UTC',
  hours: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] },
  holidays: ['2024-05-02'],
};

const ROUND_THE_CLOCK: SlaPolicyInput = {
  name: 'Default',
  targets: {
    urgent: { firstResponseMinutes: 60, resolutionMinutes: 480 },
    medium: { firstResponseMinutes: 240, resolutionMinutes: 2880 },
  },
};

async function withSla(store: TicketStore, policies: SlaPolicyInput[] = [ROUND_THE_CLOCK]): Promise<ServiceWorld> {
  const w = await serviceWorld(store);
  for (const p of policies) await w.ticketing.sla.policies.create(w.staff, p);
  return w;
}

function advanceMinutes(w: ServiceWorld, minutes: number): void {
  w.clock.advanceHours(minutes / 60);
}

async function breachRows(w: ServiceWorld, ticketId: number) {
  const page = await w.ticketing.history.list(w.staff, { ticketId, action: 'sla_breached', pageSize: 100 });
  return page.results.map((h) => ({ field: h.fieldName, value: h.newValue, user: h.userId }));
}

/** SLA calendars, policies and clocks through the service, on the store's `sla` part. */
export function slaTests(options: StoreConformanceOptions): void {
  describe('SLA', () => {
    const store = storePerTest(options);
    const sla = () => {
      if (!store().sla) throw new Error(`${options.name} has no SLA store`);
      return store();
    };

    describe('calendars and policies', () => {
      it('calendars: create, read, list, replace, patch, delete; staff only; unknown ids are not found', async () => {
        const w = await serviceWorld(sla());
        const api = w.ticketing.sla.calendars;
        const a = await api.create(w.staff, OFFICE);
        expect(a).toEqual({ id: expect.any(Number), ...OFFICE, hours: { ...OFFICE.hours, sat: [], sun: [] } });
        const b = await api.create(w.staff, { name: 'Berlin', timezone: 'Europe/Berlin', hours: { mon: [['08:00', '12:00'], ['13:00', '24:00']] } });
        expect(b.holidays).toEqual([]);
        expect((await api.list(w.staff)).map((c) => c.name)).toEqual(['Office', 'Berlin']);
        expect(await api.get(w.staff, a.id)).toEqual(a);
        const replaced = await api.update(w.staff, a.id, { name: 'Office 2', timezone: 'Asia/Kolkata', hours: { sat: [['10:00', '14:00']] } });
        expect(replaced).toMatchObject({ id: a.id, name: 'Office 2', timezone: 'Asia/Kolkata', holidays: [] });
        expect(replaced.hours.mon).toEqual([]);
        const patched = await api.patch(w.staff, a.id, { holidays: ['2024-12-25', '2024-01-01'] });
        expect(patched).toMatchObject({ name: 'Office 2', timezone: 'Asia/Kolkata', holidays: ['2024-01-01', '2024-12-25'] });
        expect(await api.get(w.staff, a.id)).toEqual(patched);
        await expect(api.list(w.acmeUser)).rejects.toBeInstanceOf(ForbiddenError);
        await expect(api.create(w.acmeUser, OFFICE)).rejects.toBeInstanceOf(ForbiddenError);
        await expect(api.get(w.staff, 999_999)).rejects.toBeInstanceOf(NotFoundError);
        await expect(api.patch(w.staff, 999_999, { name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
        await api.delete(w.staff, b.id);
        await expect(api.get(w.staff, b.id)).rejects.toBeInstanceOf(NotFoundError);
        await expect(api.delete(w.staff, b.id)).rejects.toBeInstanceOf(NotFoundError);
      });

      it('bad calendar input is refused with nested errors and writes nothing', async () => {
        const w = await serviceWorld(sla());
        const api = w.ticketing.sla.calendars;
        const error = await api
          .create(w.staff, { name: 'Bad', timezone: 'Mars/Olympus', hours: { mon: [['09:00', '25:00']] } })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SlaValidationError);
        const tree = (error as SlaValidationError).tree;
        expect(Object.keys(tree).sort()).toEqual(['hours', 'timezone']);
        expect(tree.hours).toEqual({ mon: [expect.objectContaining({ code: 'invalid_time' })] });
        expect(await api.list(w.staff)).toEqual([]);
        const good = await api.create(w.staff, OFFICE);
        await expect(api.patch(w.staff, good.id, { hours: { mon: [['10:00', '09:00']] } })).rejects.toBeInstanceOf(SlaValidationError);
        expect(await api.get(w.staff, good.id)).toEqual(good);
      });

      it('policies list by position then id; a new one goes last; staff only', async () => {
        const w = await serviceWorld(sla());
        const api = w.ticketing.sla.policies;
        const a = await api.create(w.staff, { name: 'A' });
        const b = await api.create(w.staff, { name: 'B' });
        const c = await api.create(w.staff, { name: 'C', position: 0 });
        expect([a.position, b.position, c.position]).toEqual([0, 1, 0]);
        expect(a).toMatchObject({ calendarId: null, pauseStatuses: ['pending'], match: { priority: [], category: [], customer: [] }, targets: {} });
        expect((await api.list(w.staff)).map((p) => p.name)).toEqual(['A', 'C', 'B']);
        const moved = await api.patch(w.staff, a.id, { position: 5 });
        expect(moved).toMatchObject({ name: 'A', position: 5 });
        expect((await api.list(w.staff)).map((p) => p.name)).toEqual(['C', 'B', 'A']);
        const kept = await api.update(w.staff, b.id, { name: 'B2', targets: { high: { firstResponseMinutes: 30 } } });
        expect(kept).toMatchObject({ name: 'B2', position: 1, targets: { high: { firstResponseMinutes: 30, resolutionMinutes: null } } });
        expect((await api.create(w.staff, { name: 'D' })).position).toBe(6);
        await expect(api.create(w.acmeUser, { name: 'E' })).rejects.toBeInstanceOf(ForbiddenError);
        await api.delete(w.staff, c.id);
        await expect(api.get(w.staff, c.id)).rejects.toBeInstanceOf(NotFoundError);
      });

      it('a policy needs an existing calendar with open time; a calendar in use cannot be deleted (conflict)', async () => {
        const w = await serviceWorld(sla());
        const calendars = w.ticketing.sla.calendars;
        const policies = w.ticketing.sla.policies;
        const unknown = await policies.create(w.staff, { name: 'P', calendarId: 424_242 }).catch((e: unknown) => e);
        expect(unknown).toBeInstanceOf(SlaValidationError);
        expect((unknown as SlaValidationError).tree.calendarId).toEqual([expect.objectContaining({ code: 'does_not_exist' })]);
        const badStatus = await policies.create(w.staff, { name: 'P', pauseStatuses: ['waiting'] }).catch((e: unknown) => e);
        expect(Object.keys((badStatus as SlaValidationError).tree)).toEqual(['pauseStatuses']);
        const closed = await calendars.create(w.staff, { name: 'Closed', timezone: 'UTC', hours: {} });
        const noTime = await policies.create(w.staff, { name: 'P', calendarId: closed.id }).catch((e: unknown) => e);
        expect((noTime as SlaValidationError).tree.calendarId).toEqual([expect.objectContaining({ code: 'no_open_time' })]);
        const office = await calendars.create(w.staff, OFFICE);
        const p = await policies.create(w.staff, { name: 'P', calendarId: office.id });
        const conflict = await calendars.delete(w.staff, office.id).catch((e: unknown) => e);
        expect(conflict).toBeInstanceOf(ConflictError);
        expect(await calendars.get(w.staff, office.id)).toEqual(office);
        await policies.patch(w.staff, p.id, { calendarId: null });
        await calendars.delete(w.staff, office.id);
        expect((await policies.list(w.staff)).map((x) => x.calendarId)).toEqual([null]);
      });
    });

    describe('clocks', () => {
      it('a new ticket gets the first matching policy and due times; without one it has none', async () => {
        const w = await withSla(sla(), [
          { name: 'Acme urgent', match: { customer: [1_000_000] }, targets: { urgent: { firstResponseMinutes: 5 } } },
          ROUND_THE_CLOCK,
        ]);
        const policies = await w.ticketing.sla.policies.list(w.staff);
        const t = await w.ticketing.tickets.create(w.staff, { subject: 's', description: 'd', customerId: w.acme, priority: 'urgent' });
        expect(t).toMatchObject({
          slaPolicyId: policies[1]!.id,
          firstResponseBreached: false,
          resolutionBreached: false,
          slaStatus: 'active',
          responseTimeBusinessHours: null,
          resolutionTimeBusinessHours: null,
        });
        expect(iso(t.firstResponseDueAt)).toBe(plus(60));
        expect(iso(t.resolutionDueAt)).toBe(plus(480));
        const low = await w.ticketing.tickets.create(w.staff, { subject: 's', description: 'd', customerId: w.acme, priority: 'low' });
        expect(low).toMatchObject({ slaPolicyId: policies[1]!.id, firstResponseDueAt: null, resolutionDueAt: null, slaStatus: 'none' });
        const read = await w.ticketing.tickets.get(w.staff, t.id);
        expect(iso(read.firstResponseDueAt)).toBe(plus(60));
        expect(read.slaStatus).toBe('active');
      });

      it('due times count business time on the calendar (hours, weekends, holidays), exact to the second', async () => {
        const w = await serviceWorld(sla());
        const office = await w.ticketing.sla.calendars.create(w.staff, OFFICE);
        await w.ticketing.sla.policies.create(w.staff, {
          name: 'Office',
          calendarId: office.id,
          targets: { high: { firstResponseMinutes: 600, resolutionMinutes: 1441 } },
        });
        w.clock.advanceHours(7.5 + 1 / 3600); // Wed 16:30:01
        const t = await w.ticketing.tickets.create(w.staff, { subject: 's', description: 'd', customerId: w.acme, priority: 'high' });
        // 10h: 29m59s on Wed, Thu is a holiday, 8h on Fri, the last 1h30m01s on Monday.
        expect(iso(t.firstResponseDueAt)).toBe('2024-05-06T10:30:01.000Z');
        // 1441 min = 24h01m: Wed 29m59s + Fri 8h + Mon 8h + Tue 7h31m01s → Tue 16:31:01.
        expect(iso(t.resolutionDueAt)).toBe('2024-05-07T16:31:01.000Z');
      });

      it('customers get tickets without SLA fields', async () => {
        const w = await withSla(sla());
        const t = await w.ticketing.tickets.create(w.acmeUser, { subject: 's', description: 'd' });
        for (const view of [t, await w.ticketing.tickets.get(w.acmeUser, t.id), (await w.ticketing.tickets.list(w.acmeUser)).results[0]!]) {
          expect(view).not.toHaveProperty('slaStatus');
          expect(view).not.toHaveProperty('firstResponseDueAt');
          expect(view).not.toHaveProperty('slaPolicyId');
          expect(view).not.toHaveProperty('slaResolutionClock');
        }
        expect((await w.ticketing.tickets.get(w.staff, t.id)).slaStatus).toBe('active');
        expect(await w.ticketing.tickets.statistics(w.acmeUser)).not.toHaveProperty('sla');
      });

      it('first response in time fulfils the first-response target; resolving fulfils the resolution target', async () => {
        const w = await withSla(sla());
        const t = await w.ticketing.tickets.create(w.staff, { subject: 's', description: 'd', customerId: w.acme, priority: 'urgent' });
        advanceMinutes(w, 10);
        await w.ticketing.comments.add(w.staff, t.id, { content: 'internal', isInternal: true });
        await w.ticketing.comments.add(w.acmeUser, t.id, { content: 'customer follow-up' });
        expect((await w.ticketing.tickets.get(w.staff, t.id)).slaStatus).toBe('active');
        advanceMinutes(w, 20);
        await w.ticketing.comments.add(w.staff, t.id, { content: 'on it' });
        advanceMinutes(w, 60); // past the first-response due time: met already, so no breach
        let read = await w.ticketing.tickets.get(w.staff, t.id);
        expect(read).toMatchObject({ firstResponseBreached: false, slaStatus: 'active', responseTimeBusinessHours: 0.5 });
        const resolved = await w.ticketing.tickets.changeStatus(w.staff, t.id, 'resolved');
        expect(resolved).toMatchObject({ slaStatus: 'fulfilled', resolutionBreached: false, resolutionTimeBusinessHours: 1.5 });
        expect(iso(resolved.resolutionDueAt)).toBe(plus(480));
        w.clock.advanceHours(100);
        read = await w.ticketing.tickets.get(w.staff, t.id);
        expect(read.slaStatus).toBe('fulfilled');
        expect((await w.ticketing.sla.tick()).breaches).toEqual([]);
        expect(await breachRows(w, t.id)).toEqual([]);
      });

      it('a late first response records the breach once: history row without user, event after commit', async () => {
        const w = await withSla(sla());
        const events: unknown[] = [];
        w.ticketing.events.on('sla.breached', (e) => events.push(e));
        const t = await w.ticketing.tickets.create(w.staff, { subject: 's', description: 'd', customerId: w.acme, priority: 'urgent' });
        advanceMinutes(w, 61);
        await w.ticketing.comments.add(w.staff, t.id, { content: 'sorry' });
        const read = await w.ticketing.tickets.get(w.staff, t.id);
        expect(read).toMatchObject({ firstResponseBreached: true, resolutionBreached: false, slaStatus: 'breached' });
        expect(await breachRows(w, t.id)).toEqual([{ field: 'first_response', value: plus(60).replace('.000Z', 'Z'), user: null }]);
        expect(events).toEqual([{ ticketId: t.id, target: 'first_response', dueAt: new Date(plus(60)), historyId: null }]);
        expect((await w.ticketing.sla.tick()).breaches).toEqual([]);
        expect(await breachRows(w, t.id)).toHaveLength(1);
        // Customers never see SLA rows.
        const theirs = await w.ticketing.history.list(w.acmeUser, { ticketId: t.id });
        expect(theirs.results.map((h) => h.action)).not.toContain('sla_breached');
        expect((await w.ticketing.tickets.get(w.acmeUser, t.id)).history.map((h) => h.action)).not.toContain('sla_breached');
      });

      it('resolving or closing before any response stops the first-response clock (met if before its due time)', async () => {
        const w = await withSla(sla());
        const a = await w.ticketing.tickets.create(w.staff, { subject: 'a', description: 'd', customerId: w.acme, priority: 'urgent' });
        const b = await w.ticketing.tickets.create(w.staff, { subject: 'b', description: 'd', customerId: w.acme, priority: 'urgent' });
        advanceMinutes(w, 30);
        expect(await w.ticketing.tickets.changeStatus(w.staff, a.id, 'closed')).toMatchObject({ slaStatus: 'fulfilled', firstResponseBreached: false });
        advanceMinutes(w, 31);
        expect(await w.ticketing.tickets.changeStatus(w.staff, b.id, 'resolved')).toMatchObject({ slaStatus: 'breached', firstResponseBreached: true, resolutionBreached: false });
        expect((await breachRows(w, b.id)).map((r) => r.field)).toEqual(['first_response']);
      });

      it('pause statuses stop the resolution clock; leaving them and reopening resume it with the time already counted', async () => {
        const w = await withSla(sla(), [{ name: 'P', targets: { urgent: { resolutionMinutes: 120 } } }]);
        const t = await w.ticketing.tickets.create(w.staff, { subject: 's', description: 'd', customerId: w.acme, priority: 'urgent' });
        expect(iso(t.resolutionDueAt)).toBe(plus(120));
        advanceMinutes(w, 30);
        const paused = await w.ticketing.tickets.changeStatus(w.staff, t.id, 'pending');
        expect(paused).toMatchObject({ slaStatus: 'paused', resolutionDueAt: null });
        advanceMinutes(w, 500); // paused: never breaches
        expect((await w.ticketing.tickets.get(w.staff, t.id)).slaStatus).toBe('paused');
        expect((await w.ticketing.sla.tick()).breaches).toEqual([]);
        const resumed = await w.ticketing.tickets.changeStatus(w.staff, t.id, 'in_progress');
        expect(iso(resumed.resolutionDueAt)).toBe(plus(530 + 90));
        advanceMinutes(w, 60);
        const resolved = await w.ticketing.tickets.changeStatus(w.staff, t.id, 'resolved');
        expect(resolved).toMatchObject({ slaStatus: 'fulfilled' });
        expect(iso(resolved.resolutionDueAt)).toBe(plus(620));
        advanceMinutes(w, 10);
        const reopened = await w.ticketing.tickets.changeStatus(w.staff, t.id, 'reopened');
        // 30 + 60 minutes counted: 30 left from now.
        expect(reopened.slaStatus).toBe('active');
        expect(iso(reopened.resolutionDueAt)).toBe(plus(600 + 30));
        advanceMinutes(w, 31);
        expect((await w.ticketing.tickets.get(w.staff, t.id)).slaStatus).toBe('breached');
      });

      it('priority, category or customer changes choose the policy again and recompute from creation', async () => {
        const w = await withSla(sla(), [
          { name: 'Billing', match: { category: ['billing'] }, targets: { urgent: { firstResponseMinutes: 15 }, low: { firstResponseMinutes: 30 } } },
          { name: 'Rest', targets: { urgent: { firstResponseMinutes: 60, resolutionMinutes: 240 }, low: { firstResponseMinutes: 600 } } },
        ]);
        const [billing, rest] = await w.ticketing.sla.policies.list(w.staff);
        const t = await w.ticketing.tickets.create(w.staff, { subject: 's', description: 'd', customerId: w.acme, priority: 'low' });
        expect(t.slaPolicyId).toBe(rest!.id);
        expect(iso(t.firstResponseDueAt)).toBe(plus(600));
        advanceMinutes(w, 20);
        await w.ticketing.tickets.changeStatus(w.staff, t.id, 'pending');
        advanceMinutes(w, 20);
        const urgent = await w.ticketing.tickets.patch(w.staff, t.id, { priority: 'urgent' });
        expect(urgent).toMatchObject({ slaPolicyId: rest!.id, slaStatus: 'paused', resolutionDueAt: null });
        expect(iso(urgent.firstResponseDueAt)).toBe(plus(60));
        const moved = await w.ticketing.tickets.patch(w.staff, t.id, { category: 'billing' });
        // Replayed from creation: the 15-minute target was missed 25 minutes ago.
        expect(moved).toMatchObject({ slaPolicyId: billing!.id, slaStatus: 'breached', firstResponseBreached: true, resolutionDueAt: null });
        expect(iso(moved.firstResponseDueAt)).toBe(plus(15));
        // Still running past its due time: breached on read, recorded by the next tick.
        expect(await breachRows(w, t.id)).toEqual([]);
        expect((await w.ticketing.sla.tick()).breaches.map((b) => b.target)).toEqual(['first_response']);
        expect(await breachRows(w, t.id)).toEqual([{ field: 'first_response', value: plus(15).replace('.000Z', 'Z'), user: null }]);
        const back = await w.ticketing.tickets.changeStatus(w.staff, t.id, 'open');
        expect(back.slaPolicyId).toBe(billing!.id);
        const none = await w.ticketing.tickets.patch(w.staff, t.id, { priority: 'medium' });
        expect(none).toMatchObject({ slaPolicyId: billing!.id, slaStatus: 'none', firstResponseDueAt: null, resolutionDueAt: null });
      });

      it('a breach shows at once in reads, filters and statistics; tick records it exactly once', async () => {
        const w = await withSla(sla());
        const events: { ticketId: number; target: string }[] = [];
        w.ticketing.events.on('sla.breached', (e) => events.push({ ticketId: e.ticketId, target: e.target }));
        const a = await w.ticketing.tickets.create(w.staff, { subject: 'a', description: 'd', customerId: w.acme, priority: 'urgent' });
        const b = await w.ticketing.tickets.create(w.staff, { subject: 'b', description: 'd', customerId: w.acme, priority: 'medium' });
        const c = await w.ticketing.tickets.create(w.staff, { subject: 'c', description: 'd', customerId: w.acme, priority: 'low' });
        advanceMinutes(w, 61);
        expect((await w.ticketing.tickets.get(w.staff, a.id)).slaStatus).toBe('breached');
        const ids = async (filters: Record<string, unknown>) =>
          (await w.ticketing.tickets.list(w.staff, { ...filters, ordering: 'created_at' })).results.map((t) => t.id);
        expect(await ids({ slaBreached: true })).toEqual([a.id]);
        expect(await ids({ slaBreached: false })).toEqual([b.id, c.id]);
        expect(await ids({ slaStatus: 'breached' })).toEqual([a.id]);
        expect(await ids({ slaStatus: 'active' })).toEqual([b.id]);
        expect(await ids({ slaStatus: 'none' })).toEqual([c.id]);
        expect(await ids({ slaStatus: 'breached', priority: 'urgent' })).toEqual([a.id]);
        // A customer's SLA filters are ignored.
        expect((await w.ticketing.tickets.list(w.acmeUser, { slaBreached: true })).count).toBe(3);
        const stats = await w.ticketing.tickets.statistics(w.staff);
        expect(stats.sla).toEqual({ firstResponse: { active: 1, fulfilled: 0, breached: 1 }, resolution: { active: 2, paused: 0, fulfilled: 0, breached: 0 } });
        expect((await w.ticketing.tickets.statistics(w.staff, { slaBreached: false })).totalTickets).toBe(2);
        expect(await breachRows(w, a.id)).toEqual([]);

        const first = await w.ticketing.sla.tick();
        expect(first.breaches.map((x) => ({ ticketId: x.ticketId, target: x.target, dueAt: iso(x.dueAt) }))).toEqual([
          { ticketId: a.id, target: 'first_response', dueAt: plus(60) },
        ]);
        expect(first.breaches[0]!.historyId).toEqual(expect.any(Number));
        expect(events).toEqual([{ ticketId: a.id, target: 'first_response' }]);
        expect((await w.ticketing.sla.tick()).breaches).toEqual([]);
        advanceMinutes(w, 480);
        const second = await w.ticketing.sla.tick();
        expect(second.breaches.map((x) => [x.ticketId, x.target])).toEqual([
          [a.id, 'resolution'],
          [b.id, 'first_response'],
        ]);
        expect(await breachRows(w, a.id)).toEqual([
          { field: 'first_response', value: plus(60).replace('.000Z', 'Z'), user: null },
          { field: 'resolution', value: plus(480).replace('.000Z', 'Z'), user: null },
        ]);
        // A recorded breach stays breached after the clock stops.
        await w.ticketing.comments.add(w.staff, a.id, { content: 'late' });
        const resolved = await w.ticketing.tickets.changeStatus(w.staff, a.id, 'resolved');
        expect(resolved).toMatchObject({ slaStatus: 'breached', firstResponseBreached: true, resolutionBreached: true });
        expect(await breachRows(w, a.id)).toHaveLength(2);
        expect((await w.ticketing.tickets.statistics(w.staff)).sla).toEqual({
          firstResponse: { active: 0, fulfilled: 0, breached: 2 },
          resolution: { active: 1, paused: 0, fulfilled: 0, breached: 1 },
        });
      });

      it('orders by first-response and resolution due times, missing values last ascending and first descending', async () => {
        const w = await withSla(sla());
        const make = async (priority: 'urgent' | 'medium' | 'low') =>
          (await w.ticketing.tickets.create(w.staff, { subject: priority, description: 'd', customerId: w.acme, priority })).id;
        const low = await make('low');
        const medium = await make('medium');
        advanceMinutes(w, 5);
        const urgent = await make('urgent');
        const order = async (ordering: string) => (await w.ticketing.tickets.list(w.staff, { ordering })).results.map((t) => t.id);
        expect(await order('first_response_due_at')).toEqual([urgent, medium, low]);
        expect(await order('-first_response_due_at')).toEqual([low, medium, urgent]);
        expect(await order('resolution_due_at')).toEqual([urgent, medium, low]);
        await w.ticketing.tickets.changeStatus(w.staff, urgent, 'pending'); // paused: no resolution due time
        expect(await order('resolution_due_at')).toEqual([medium, low, urgent].sort((x, y) => (x === medium ? -1 : y === medium ? 1 : x - y)));
        expect(await order('-resolution_due_at')).toEqual([urgent, low, medium]);
      });

      it('editing a policy applies to a ticket at its next change; deleting one lets its tickets choose again', async () => {
        const w = await withSla(sla(), [{ name: 'P', targets: { urgent: { resolutionMinutes: 100 } } }]);
        const [p] = await w.ticketing.sla.policies.list(w.staff);
        const t = await w.ticketing.tickets.create(w.staff, { subject: 's', description: 'd', customerId: w.acme, priority: 'urgent' });
        await w.ticketing.sla.policies.patch(w.staff, p!.id, { targets: { urgent: { resolutionMinutes: 200 } } });
        expect(iso((await w.ticketing.tickets.get(w.staff, t.id)).resolutionDueAt)).toBe(plus(100));
        advanceMinutes(w, 10);
        const moved = await w.ticketing.tickets.changeStatus(w.staff, t.id, 'open');
        expect(iso(moved.resolutionDueAt)).toBe(plus(200));
        await w.ticketing.sla.policies.delete(w.staff, p!.id);
        advanceMinutes(w, 10);
        const after = await w.ticketing.tickets.changeStatus(w.staff, t.id, 'in_progress');
        expect(after).toMatchObject({ slaPolicyId: null, slaStatus: 'none', resolutionDueAt: null });
      });
    });
  });
}
