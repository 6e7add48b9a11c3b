import { describe, expect, it, vi } from 'vitest';
import { useMemoryStore } from './helpers.js';

// Token and session auth and the users/customers of a ticket are looked up on every request: each
// must reuse one prepared statement, whatever the number of ids, rather than prepare SQL per call.
describe('SQLite directory lookups (prepared once)', () => {
  const db = useMemoryStore();

  it('prepares no new statement for id lists of any length, token or session lookups once warm', async () => {
    const dir = db.store.directory;
    const acme = await dir.addCustomer({ name: 'Acme', email: 'ops@acme.test' });
    const globex = await dir.addCustomer({ name: 'Globex', email: 'it@globex.test' });
    const users = await Promise.all(
      ['a', 'b', 'c'].map((n) => dir.addUser({ name: n, email: `${n}@x.test`, role: 'customer', customerId: acme.id })),
    );
    const now = new Date();
    await dir.addToken({ userId: users[0]!.id, tokenHash: 'tok', label: 'cli', createdAt: now });
    await dir.addSession({ idHash: 'sess', userId: users[0]!.id, tokenHash: null, createdAt: now, expiresAt: new Date(Date.now() + 60_000) });
    const lookups = async (ids: number[], customerIds: number[]) => ({
      users: (await dir.getUsers(ids)).map((u) => u.id).sort((x, y) => x - y),
      customers: (await dir.getCustomers(customerIds)).map((c) => c.id).sort((x, y) => x - y),
      token: (await dir.findUserByTokenHash('tok'))?.id,
      session: (await dir.findSession('sess'))?.userId,
    });
    await lookups([users[0]!.id], [acme.id]);

    const prepare = vi.spyOn(db.store.database, 'prepare');
    try {
      const all = users.map((u) => u.id);
      expect(await lookups(all, [acme.id, globex.id, 987654])).toEqual({
        users: all,
        customers: [acme.id, globex.id].sort((x, y) => x - y),
        token: users[0]!.id,
        session: users[0]!.id,
      });
      expect((await lookups([all[1]!, 1.5, all[2]!], [globex.id])).users).toEqual([all[1], all[2]]);
      expect(prepare).not.toHaveBeenCalled();
    } finally {
      prepare.mockRestore();
    }
  });
});
