import { describe, expect, it } from 'vitest';
import type { SlaStatistics } from '../ports/ticket-store.js';
import type { TicketView } from '../service/types.js';
import { storePerTest, type StoreConformanceOptions } from './harness.js';
import { serviceWorld, type ServiceWorld } from './service-setup.js';

type Filters = Record<string, unknown>;

// Filters a store may answer from running totals (status, priority, category, unassigned),
// each also asked per customer, which no totals answer: both ways must agree.
const GROUP_FILTERS: Filters[] = [
  {},
  { status: 'open' },
  { priority: 'urgent' },
  { category: 'billing' },
  { unassigned: true },
  { priority: 'urgent', status: 'open' },
  { priority: 'medium', category: 'technical', unassigned: true },
];
const SLA_FILTERS: Filters[] = [{ slaBreached: true }, { slaBreached: false }, { slaStatus: 'breached' }];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Creation windows around the instant `created` (when this test's tickets are made) that a store
 * may answer from per-day running totals: holding the tickets within whole days, at a partial day
 * at either end, open on one side, and holding none of them.
 */
function creationWindows(created: Date): Filters[] {
  const at = (ms: number) => new Date(created.getTime() + ms);
  return [
    { createdAfter: at(-4 * DAY - 5 * HOUR), createdBefore: at(4 * DAY + 5 * HOUR) },
    { createdAfter: at(-1), createdBefore: at(5 * DAY) },
    { createdAfter: at(-6 * DAY), createdBefore: at(1) },
    { createdAfter: at(-10 * DAY) },
    { createdBefore: at(HOUR) },
    { createdAfter: at(1), createdBefore: at(6 * DAY) },
  ];
}

function matches(view: TicketView, filters: Filters): boolean {
  if (filters.status !== undefined && view.status !== filters.status) return false;
  if (filters.priority !== undefined && view.priority !== filters.priority) return false;
  if (filters.category !== undefined && view.category !== filters.category) return false;
  if (filters.unassigned === true && view.assignedToId !== null) return false;
  const breached = view.slaStatus === 'breached';
  if (filters.slaBreached !== undefined && breached !== filters.slaBreached) return false;
  if (filters.slaStatus !== undefined && view.slaStatus !== filters.slaStatus) return false;
  return true;
}

const ZERO_SLA: SlaStatistics = {
  firstResponse: { active: 0, fulfilled: 0, breached: 0 },
  resolution: { active: 0, paused: 0, fulfilled: 0, breached: 0 },
};

function addSla(a: SlaStatistics, b: SlaStatistics): SlaStatistics {
  return {
    firstResponse: {
      active: a.firstResponse.active + b.firstResponse.active,
      fulfilled: a.firstResponse.fulfilled + b.firstResponse.fulfilled,
      breached: a.firstResponse.breached + b.firstResponse.breached,
    },
    resolution: {
      active: a.resolution.active + b.resolution.active,
      paused: a.resolution.paused + b.resolution.paused,
      fulfilled: a.resolution.fulfilled + b.resolution.fulfilled,
      breached: a.resolution.breached + b.resolution.breached,
    },
  };
}

/**
 * Every SLA count the store gives — list counts under "breached now" with other filters, and SLA
 * statistics — equals the count of the tickets whose views say so, on the same data, and equals the
 * same count taken per customer (a filter no running total answers). `step` names the state checked.
 */
async function expectConsistentCounts(w: ServiceWorld, step: string): Promise<void> {
  const all = (await w.ticketing.tickets.list(w.staff, { pageSize: 100 })).results;
  const count = async (filters: Filters) => (await w.ticketing.tickets.list(w.staff, { ...filters, pageSize: 1 })).count;
  for (const group of GROUP_FILTERS) {
    for (const slaFilter of SLA_FILTERS) {
      const filters = { ...group, ...slaFilter };
      const expected = all.filter((view) => matches(view, filters)).length;
      const perCustomer = (await count({ ...filters, customerId: w.acme })) + (await count({ ...filters, customerId: w.globex }));
      expect({ step, filters, count: await count(filters), perCustomer }).toEqual({ step, filters, count: expected, perCustomer: expected });
    }
    const stats = await w.ticketing.tickets.statistics(w.staff, group);
    const acme = await w.ticketing.tickets.statistics(w.staff, { ...group, customerId: w.acme });
    const globex = await w.ticketing.tickets.statistics(w.staff, { ...group, customerId: w.globex });
    expect({ step, group, sla: stats.sla }).toEqual({ step, group, sla: addSla(acme.sla!, globex.sla!) });
    for (const window of creationWindows(new Date(all[0]!.createdAt))) {
      const inWindow = await w.ticketing.tickets.statistics(w.staff, { ...group, ...window });
      const holdsAll = all.every((view) => {
        const created = new Date(view.createdAt).getTime();
        const after = window.createdAfter as Date | undefined;
        const before = window.createdBefore as Date | undefined;
        return (after === undefined || created >= after.getTime()) && (before === undefined || created <= before.getTime());
      });
      if (holdsAll) expect({ step, group, window, stats: inWindow }).toEqual({ step, group, window, stats });
      else expect({ step, group, window, total: inWindow.totalTickets, sla: inWindow.sla }).toEqual({ step, group, window, total: 0, sla: ZERO_SLA });
    }
    const breached = all.filter((view) => matches(view, { ...group, slaBreached: true }));
    const targetsMissed = (target: 'firstResponseBreached' | 'resolutionBreached') => breached.filter((view) => view[target]).length;
    expect({ step, group, fr: stats.sla!.firstResponse.breached, res: stats.sla!.resolution.breached }).toEqual({
      step,
      group,
      fr: targetsMissed('firstResponseBreached'),
      res: targetsMissed('resolutionBreached'),
    });
  }
}

/** SLA counts stay exact through every clock transition, whichever way a store counts them. */
export function slaCountTests(options: StoreConformanceOptions): void {
  describe('SLA counts', () => {
    const store = storePerTest(options);

    it('breached-now counts and SLA statistics agree with the tickets under mixed filters, through tick, pause, resume, resolve and moves', async () => {
      const w = await serviceWorld(store());
      await w.ticketing.sla.policies.create(w.staff, {
        name: 'Billing',
        match: { category: ['billing'] },
        pauseStatuses: ['pending'],
        targets: { urgent: { firstResponseMinutes: 30, resolutionMinutes: 120 }, medium: { firstResponseMinutes: 90 } },
      });
      await w.ticketing.sla.policies.create(w.staff, {
        name: 'Rest',
        targets: { urgent: { firstResponseMinutes: 60, resolutionMinutes: 240 }, medium: { firstResponseMinutes: 120, resolutionMinutes: 600 } },
      });
      const plan = [
        ['urgent', 'billing', w.acme, true],
        ['urgent', 'technical', w.globex, false],
        ['urgent', 'technical', w.acme, true],
        ['medium', 'billing', w.globex, false],
        ['medium', 'technical', w.acme, false],
        ['medium', 'technical', w.globex, true],
        ['low', 'billing', w.acme, false],
        ['high', 'general', w.globex, false],
      ] as const;
      const ids: number[] = [];
      for (const [priority, category, customerId, assigned] of plan) {
        const t = await w.ticketing.tickets.create(w.staff, { subject: `${priority} ${category}`, description: 'd', customerId, priority, category });
        if (assigned) await w.ticketing.tickets.assign(w.staff, t.id, w.staff.id);
        ids.push(t.id);
      }
      const [a, b, c, d, e, f] = ids as [number, number, number, number, number, number];
      // Assigning moves no clock: the policy and due times stay.
      expect(await w.ticketing.tickets.get(w.staff, c)).toMatchObject({ slaPolicyId: expect.any(Number), slaStatus: 'active' });
      await expectConsistentCounts(w, 'created');

      w.clock.advanceHours(0.75); // billing urgent's first response (30 min) is past due, unrecorded
      await w.ticketing.tickets.changeStatus(w.staff, b, 'pending'); // resolution paused
      await expectConsistentCounts(w, 'first due time passed');
      expect((await w.ticketing.tickets.list(w.staff, { slaBreached: true, pageSize: 1 })).count).toBe(1);

      expect((await w.ticketing.sla.tick()).breaches.map((x) => x.ticketId)).toEqual([a]);
      await expectConsistentCounts(w, 'after the first tick');

      w.clock.advanceHours(1.5); // more first responses past due, none recorded yet
      await w.ticketing.comments.add(w.staff, e, { content: 'answered' }); // e's first response is met
      await expectConsistentCounts(w, 'more due, before tick');
      expect((await w.ticketing.tickets.list(w.staff, { slaBreached: true, pageSize: 1 })).count).toBeGreaterThan(2);

      await w.ticketing.sla.tick();
      await w.ticketing.tickets.changeStatus(w.staff, b, 'open'); // resumes
      await w.ticketing.tickets.changeStatus(w.staff, a, 'resolved'); // breached stays breached
      await w.ticketing.tickets.changeStatus(w.staff, d, 'closed'); // stops the first-response clock
      await expectConsistentCounts(w, 'after tick, resume and resolve');

      // Moves between totals groups and policies: priority, category, assignee; a deletion.
      await w.ticketing.tickets.patch(w.staff, c, { priority: 'medium' });
      await w.ticketing.tickets.patch(w.staff, f, { category: 'billing' });
      await w.ticketing.tickets.assign(w.staff, b, w.staff.id);
      await w.ticketing.tickets.assign(w.staff, c, null);
      await w.ticketing.tickets.changeStatus(w.staff, a, 'reopened');
      await w.ticketing.tickets.delete(w.staff, e);
      await expectConsistentCounts(w, 'after moves and a deletion');

      w.clock.advanceHours(10); // every running clock is past due
      await expectConsistentCounts(w, 'all due, before tick');
      await w.ticketing.sla.tick();
      await expectConsistentCounts(w, 'all due, after tick');
    });
  });
}
