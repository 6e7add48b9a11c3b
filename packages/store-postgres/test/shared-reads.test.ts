import { describe, expect, it } from 'vitest';
import type { NewSlaPolicy } from '@tessera/core';
import { createPostgresStore } from '../src/index.js';
import { pgAvailable, recordingPool, useTestSchema } from './pg-test-schema.js';

describe.skipIf(!pgAvailable)('postgres store: concurrent lookups share statements', () => {
  const db = useTestSchema('shared_reads');

  it('concurrent people lookups: each caller gets exactly its records, from far fewer statements', async () => {
    const setup = await db.fresh();
    const users = await Promise.all(Array.from({ length: 6 }, (_, i) => setup.directory.addUser({ name: `U${i}`, email: `u${i}@example.test`, role: 'staff' })));
    const customers = await Promise.all(Array.from({ length: 6 }, (_, i) => setup.directory.addCustomer({ name: `C${i}`, email: `c${i}@example.test` })));
    await setup.close();

    const sent: string[] = [];
    const pool = recordingPool(sent, 8);
    const store = createPostgresStore({ pool }, { schema: db.schema });
    try {
      await store.directory.getPeople!({ users: [users[0]!.id], customers: [] }); // connects
      sent.length = 0;
      const asks = Array.from({ length: 12 }, (_, i) => ({ users: [users[i % 6]!.id, 999_999], customers: [customers[(i + 1) % 6]!.id] }));
      const answers = await Promise.all(asks.map((ids) => store.directory.getPeople!(ids)));
      answers.forEach((people, i) => {
        expect(people.users.map((u) => u.name)).toEqual([`U${i % 6}`]);
        expect(people.customers.map((c) => c.name)).toEqual([`C${(i + 1) % 6}`]);
      });
      expect(sent.length).toBeLessThanOrEqual(2);

      // A record written before a call is in its answer, even while an older read is in flight.
      const before = store.directory.getPeople!({ users: [users[0]!.id], customers: [] });
      const added = await store.directory.addCustomer({ name: 'Late', email: 'late@example.test' });
      const after = await store.directory.getPeople!({ users: [], customers: [added.id] });
      expect(after.customers.map((c) => c.name)).toEqual(['Late']);
      expect((await before).users).toHaveLength(1);
    } finally {
      await store.close();
      await pool.end();
    }
  });

  it('concurrent policy reads share statements and see policies added before the call', async () => {
    const store = await db.fresh();
    const policy = (name: string): NewSlaPolicy => ({ name, calendarId: null, match: { priority: [], category: [], customer: [] }, pauseStatuses: [], targets: {} });
    await store.sla.insertPolicy(policy('first'));
    const lists = await Promise.all(Array.from({ length: 8 }, () => store.sla.listPolicies()));
    for (const list of lists) expect(list.map((p) => p.name)).toEqual(['first']);
    const inFlight = store.sla.listPolicies();
    await store.sla.insertPolicy(policy('second'));
    expect((await store.sla.listPolicies()).map((p) => p.name)).toEqual(['first', 'second']);
    expect((await inFlight).length).toBeGreaterThanOrEqual(1);
  });
});
