import { describe, expect, it } from 'vitest';
import { createMemoryBlobStore, createTicketing, type SlaStore } from '@tessera/core';
import { openSqliteStore } from '@tessera/store-sqlite';
import { useTempDir } from './helpers.js';

const path = useTempDir('sla-cache');
const staff = { id: 1, role: 'staff' } as const;
const targets = { medium: { firstResponseMinutes: 60, resolutionMinutes: 600 } };

// The SQLite SLA store keeps the policy and calendar lists in memory between reads. These tests pin
// when it must read them again: after its own writes, and after another connection (process) commits.
describe('SQLite SLA policy and calendar lists (kept in memory between reads)', () => {
  it('shows another connection’s policy and calendar changes on the next read, and new tickets use them', async () => {
    const file = path('two-connections.db');
    const a = await openSqliteStore({ filename: file });
    const b = await openSqliteStore({ filename: file });
    try {
      const customer = await a.directory.addCustomer({ name: 'Acme', email: 'ops@acme.test' });
      const ta = createTicketing({ store: a, blobs: createMemoryBlobStore() });
      const tb = createTicketing({ store: b, blobs: createMemoryBlobStore() });
      const before = await ta.tickets.create(staff, { subject: 's', description: 'd', customerId: customer.id });
      expect(before.slaStatus).toBe('none');
      expect(await a.sla!.listPolicies()).toEqual([]);

      const policy = await tb.sla.policies.create(staff, { name: 'Everyone', targets });
      expect((await a.sla!.listPolicies()).map((p) => p.id)).toEqual([policy.id]);
      const after = await ta.tickets.create(staff, { subject: 's', description: 'd', customerId: customer.id });
      expect(after.slaStatus).toBe('active');
      expect(after.slaPolicyId).toBe(policy.id);

      const calendar = await tb.sla.calendars.create(staff, { name: 'UTC days', timezone: 'UTC', hours: { mon: [['09:00', '17:00']] } });
      expect((await a.sla!.listCalendars()).map((c) => c.name)).toEqual(['UTC days']);
      await tb.sla.policies.patch(staff, policy.id, { calendarId: calendar.id });
      expect((await a.sla!.listPolicies())[0]!.calendarId).toBe(calendar.id);
      // Both lists at once: the same lists, and another connection's change shows in both.
      const both = await a.sla!.listPoliciesAndCalendars!();
      expect(both.policies).toBe(await a.sla!.listPolicies());
      expect(both.calendars).toBe(await a.sla!.listCalendars());
      await tb.sla.calendars.patch(staff, calendar.id, { name: 'UTC weekdays' });
      const renamed = await a.sla!.listPoliciesAndCalendars!();
      expect(renamed.calendars.map((c) => c.name)).toEqual(['UTC weekdays']);
      expect(renamed.policies).toEqual(both.policies); // read again: the change token is the database's

      await tb.sla.policies.delete(staff, policy.id);
      expect(await a.sla!.listPolicies()).toEqual([]);
      expect((await ta.tickets.create(staff, { subject: 's', description: 'd', customerId: customer.id })).slaStatus).toBe('none');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('shows its own writes at once, keeps unchanged lists as the same frozen objects, and refuses reads inside its transactions', async () => {
    const store = await openSqliteStore({ filename: path('own-writes.db') });
    try {
      const sla = store.sla as SlaStore;
      const inserted = await sla.insertPolicy({ name: 'P1', calendarId: null, match: { priority: [], category: [], customer: [] }, pauseStatuses: [], targets });
      const first = await sla.listPolicies();
      expect(first.map((p) => p.name)).toEqual(['P1']);
      expect(await sla.listPolicies()).toBe(first);
      expect(Object.isFrozen(first[0])).toBe(true);
      expect(() => (first[0] as { name: string }).name = 'changed').toThrow(TypeError);

      await sla.updatePolicy(inserted.id, { name: 'P1 renamed', calendarId: null, match: { priority: [], category: [], customer: [] }, pauseStatuses: [], targets });
      expect((await sla.listPolicies()).map((p) => p.name)).toEqual(['P1 renamed']);
      // Any write drops the lists, even one that found nothing to change.
      await expect(sla.deleteCalendar(999)).resolves.toBe(false);
      const afterFailedDelete = await sla.listPolicies();
      expect(afterFailedDelete).not.toBe(first);

      await expect(store.transaction(async () => sla.listPolicies())).rejects.toThrow(/inside one of its own transactions/u);
      await expect(store.transaction(async () => sla.listPoliciesAndCalendars!())).rejects.toThrow(/inside one of its own transactions/u);
      // Its own writes show in the combined read too, which is a read (it does not drop the lists).
      const both = await sla.listPoliciesAndCalendars!();
      expect(both.policies).toBe(afterFailedDelete);
      expect(await sla.listPolicies()).toBe(afterFailedDelete);
      await sla.insertCalendar({ name: 'Office', timezone: 'UTC', hours: { mon: [['09:00', '17:00']], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, holidays: [] });
      expect((await sla.listPoliciesAndCalendars!()).calendars.map((c) => c.name)).toEqual(['Office']);
    } finally {
      await store.close();
    }
  });
});
