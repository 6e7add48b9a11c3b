import { createMemoryStore, createTicketing } from '@tessera/core';
import { expect, it } from 'vitest';
import { loadDemoData } from '../src/demo.js';

it('demo data includes a business calendar and policies, so tickets show every SLA state', async () => {
  const store = createMemoryStore();
  await loadDemoData(store, { tickets: 200 });
  const ticketing = createTicketing({ store });
  const actor = { id: 1, role: 'staff' as const };
  const [calendar] = await ticketing.sla.calendars.list(actor);
  expect(calendar).toMatchObject({ name: 'Berlin office', timezone: 'Europe/Berlin', hours: { mon: [['09:00', '17:00']], sat: [] } });
  expect(calendar!.holidays.length).toBeGreaterThan(0);
  const policies = await ticketing.sla.policies.list(actor);
  expect(policies.map((p) => p.calendarId)).toEqual([null, calendar!.id]);

  const counts: Record<string, number> = {};
  for (let page = 1; page <= 2; page += 1) {
    for (const t of (await ticketing.tickets.list(actor, { page, pageSize: 100 })).results) {
      counts[t.slaStatus!] = (counts[t.slaStatus!] ?? 0) + 1;
    }
  }
  // Some met, some missed, some still running or paused, and low priority without targets.
  expect(counts.fulfilled).toBeGreaterThan(20);
  expect(counts.breached).toBeGreaterThan(10);
  expect(counts.breached).toBeLessThan(counts.fulfilled!);
  expect((counts.active ?? 0) + (counts.paused ?? 0)).toBeGreaterThan(0);
  expect(counts.none).toBeGreaterThan(0);
}, 60_000);
