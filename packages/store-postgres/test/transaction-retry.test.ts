import { describe, expect, it } from 'vitest';
import { newTicket } from '@tessera/core/testing';
import { pgAvailable, useTestSchema } from './pg-test-schema.js';

describe.skipIf(!pgAvailable)('postgres store: a deadlock victim re-runs its transaction function', () => {
  const db = useTestSchema('retry');

  it('two transactions locking two tickets in opposite order both commit; the victim ran fn twice', async () => {
    const store = await db.fresh({ poolSize: 4 });
    const [a, b] = await store.transaction(async (tx) => [
      await tx.insertTicket(newTicket(await tx.allocateTicketSequence())),
      await tx.insertTicket(newTicket(await tx.allocateTicketSequence())),
    ]);
    // Both transactions hold their first lock before either asks for its second: a deadlock.
    let arrived = 0;
    let release!: () => void;
    const bothLocked = new Promise<void>((resolve) => (release = resolve));
    const attempts = { ab: 0, ba: 0 };
    const run = (name: 'ab' | 'ba', first: number, second: number) =>
      store.transaction(async (tx) => {
        attempts[name] += 1;
        const locked = await tx.lockTicket(first);
        if (++arrived === 2) release();
        await bothLocked;
        await tx.lockTicket(second);
        await tx.updateTicket(first, { version: locked!.version + 1 });
        return name;
      });
    expect(await Promise.all([run('ab', a!.id, b!.id), run('ba', b!.id, a!.id)])).toEqual(['ab', 'ba']);
    // Exactly one side was the victim and ran again from a clean slate.
    expect(attempts.ab + attempts.ba).toBe(3);
    expect((await store.getTicket(a!.id))?.version).toBe(2);
    expect((await store.getTicket(b!.id))?.version).toBe(2);
  });
});
