import { describe, expect, it, type TestContext } from 'vitest';
import type { DirectoryStore } from '../ports/directory.js';
import { storePerTest, type StoreConformanceOptions } from './harness.js';

/** The store-backed directory (skipped, by name, for stores without one). */
export function directoryTests(options: StoreConformanceOptions): void {
  describe('directory', () => {
    const store = storePerTest(options);
    const directoryOf = (ctx: TestContext): DirectoryStore => {
      const directory = store().directory;
      if (!directory) ctx.skip('this store provides no directory');
      return directory!;
    };

    it('adds and resolves users and customers; unknown ids are left out', async (ctx) => {
      const dir = directoryOf(ctx);
      const acme = await dir.addCustomer({ name: 'Acme Ltd', email: 'ops@acme.test' });
      const staff = await dir.addUser({ name: 'Stella Staff', email: 'stella@tessera.test', role: 'staff' });
      const portal = await dir.addUser({
        name: 'Carl Customer', email: 'carl@acme.test', role: 'customer', customerId: acme.id, passwordHash: 'h$1',
      });
      expect(staff).toEqual({ id: expect.any(Number), name: 'Stella Staff', email: 'stella@tessera.test', role: 'staff', customerId: null });
      expect(portal.customerId).toBe(acme.id);
      expect(acme).toEqual({ id: expect.any(Number), name: 'Acme Ltd', email: 'ops@acme.test' });
      const users = await dir.getUsers([portal.id, 987654, staff.id]);
      expect([...users].sort((a, b) => a.id - b.id)).toEqual([staff, portal].sort((a, b) => a.id - b.id));
      expect(await dir.getCustomers([acme.id, 987654])).toEqual([acme]);
      expect(await dir.getUsers([])).toEqual([]);
      expect(await dir.countUsers()).toBe(2);
    });

    it('resolves users and customers in one call as the two separate calls do', async (ctx) => {
      const dir = directoryOf(ctx);
      if (!dir.getParties) return ctx.skip('this directory has no getParties');
      const acme = await dir.addCustomer({ name: 'Acme Ltd', email: 'ops@acme.test' });
      const globex = await dir.addCustomer({ name: 'Globex', email: 'it@globex.test' });
      const staff = await dir.addUser({ name: 'Stella Staff', email: 'stella@tessera.test', role: 'staff' });
      const portal = await dir.addUser({ name: 'Carl Customer', email: 'carl@acme.test', role: 'customer', customerId: acme.id });
      const byId = <T extends { id: number }>(rows: T[]) => [...rows].sort((a, b) => a.id - b.id);
      for (const [userIds, customerIds] of [
        [[staff.id, portal.id, 987654], [acme.id, globex.id, 987654]],
        // The same id in both lists names a user and a customer.
        [[staff.id], [staff.id]],
        [[], [acme.id]],
        [[portal.id], []],
        [[], []],
      ] as const) {
        const parties = await dir.getParties(userIds, customerIds);
        expect(byId(parties.users)).toEqual(byId(await dir.getUsers(userIds)));
        expect(byId(parties.customers)).toEqual(byId(await dir.getCustomers(customerIds)));
      }
      expect(byId((await dir.getParties([staff.id, portal.id], [globex.id])).users)).toEqual(byId([staff, portal]));
    });

    it('searches users and customers by name or email, case-insensitively, in name order', async (ctx) => {
      const dir = directoryOf(ctx);
      await dir.addUser({ name: 'Zoe Zed', email: 'zoe@example.test', role: 'staff' });
      await dir.addUser({ name: 'Adam Ant', email: 'adam@example.test', role: 'customer' });
      await dir.addUser({ name: 'Bob Builder', email: 'bob@other.test', role: 'staff' });
      await dir.addUser({ name: 'Ann Example', email: 'ann@x.test', role: 'staff' });
      const names = (rows: { name: string }[]) => rows.map((r) => r.name);
      expect(names(await dir.searchUsers('EXAMPLE', { limit: 10 }))).toEqual(['Adam Ant', 'Ann Example', 'Zoe Zed']);
      expect(names(await dir.searchUsers('example', { limit: 10, role: 'staff' }))).toEqual(['Ann Example', 'Zoe Zed']);
      expect(names(await dir.searchUsers('ex', { limit: 1, role: 'staff' }))).toEqual(['Ann Example']);
      expect(await dir.searchUsers('nobody', { limit: 10 })).toEqual([]);
      await dir.addCustomer({ name: 'Globex', email: 'info@globex.test' });
      await dir.addCustomer({ name: 'Acme', email: 'hello@acme.test' });
      await dir.addCustomer({ name: 'Initech', email: 'it@initech.test' });
      expect(names(await dir.searchCustomers('E', { limit: 10 }))).toEqual(['Acme', 'Globex', 'Initech']);
      expect(names(await dir.searchCustomers('GLOBEX.TEST', { limit: 10 }))).toEqual(['Globex']);
      expect(names(await dir.searchCustomers('', { limit: 2 }))).toEqual(['Acme', 'Globex']);
    });

    it('rejects a duplicate email whatever its case, without adding the user', async (ctx) => {
      const dir = directoryOf(ctx);
      await dir.addUser({ name: 'First', email: 'Same@Example.test', role: 'staff' });
      const attempt = dir.addUser({ name: 'Second', email: 'same@example.TEST', role: 'customer' });
      // Matched by name: a bundled copy of the suite may carry its own copy of the error classes.
      await expect(attempt).rejects.toMatchObject({ name: 'ValidationError', fields: { email: [expect.any(String)] } });
      expect(await dir.countUsers()).toBe(1);
    });

    it('finds users by email (case-insensitive) with their password hash', async (ctx) => {
      const dir = directoryOf(ctx);
      const user = await dir.addUser({ name: 'Pat', email: 'pat@example.test', role: 'staff', passwordHash: 'scrypt$abc' });
      const other = await dir.addUser({ name: 'Quinn', email: 'quinn@example.test', role: 'staff' });
      expect(await dir.findUserByEmail('PAT@example.test')).toEqual({ user, passwordHash: 'scrypt$abc' });
      expect(await dir.findUserByEmail('quinn@example.test')).toEqual({ user: other, passwordHash: null });
      expect(await dir.findUserByEmail('nobody@example.test')).toBeNull();
    });

    it('resolves API tokens by hash', async (ctx) => {
      const dir = directoryOf(ctx);
      const user = await dir.addUser({ name: 'Tok', email: 'tok@example.test', role: 'staff' });
      await dir.addToken({ userId: user.id, tokenHash: 'hash-1', label: 'cli', createdAt: new Date('2024-01-01T00:00:00Z') });
      expect(await dir.findUserByTokenHash('hash-1')).toEqual(user);
      expect(await dir.findUserByTokenHash('hash-2')).toBeNull();
    });

    it('lists tokens without secrets, oldest first, by user when asked', async (ctx) => {
      const dir = directoryOf(ctx);
      const a = await dir.addUser({ name: 'A', email: 'a@example.test', role: 'staff' });
      const b = await dir.addUser({ name: 'B', email: 'b@example.test', role: 'customer' });
      const created = new Date('2024-02-03T04:05:06.789Z');
      const expires = new Date('2999-01-01T00:00:00.000Z');
      const first = await dir.addToken({ userId: a.id, tokenHash: 'h-a1', label: 'laptop', createdAt: created });
      const second = await dir.addToken({ userId: b.id, tokenHash: 'h-b1', label: 'ci', createdAt: created, expiresAt: expires });
      const third = await dir.addToken({ userId: a.id, tokenHash: 'h-a2', label: 'phone', createdAt: created, expiresAt: null });
      expect(first).toEqual({ id: expect.any(Number), userId: a.id, label: 'laptop', createdAt: created, expiresAt: null, lastUsedAt: null });
      expect(second.expiresAt).toEqual(expires);
      expect(new Set([first.id, second.id, third.id]).size).toBe(3);
      expect(await dir.listTokens()).toEqual([first, second, third]);
      expect(await dir.listTokens({ userId: a.id })).toEqual([first, third]);
      expect(JSON.stringify(await dir.listTokens())).not.toMatch(/h-a1|h-b1|h-a2/u);
    });

    it('records when a token was last used', async (ctx) => {
      const dir = directoryOf(ctx);
      const user = await dir.addUser({ name: 'U', email: 'u@example.test', role: 'staff' });
      await dir.addToken({ userId: user.id, tokenHash: 'h-used', label: 'cli', createdAt: new Date('2024-01-01T00:00:00Z') });
      const before = Date.now();
      expect(await dir.findUserByTokenHash('h-used')).toEqual(user);
      const [listed] = await dir.listTokens();
      expect(listed!.lastUsedAt).toBeInstanceOf(Date);
      expect(listed!.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    });

    it('refuses an expired token and keeps one that expires later', async (ctx) => {
      const dir = directoryOf(ctx);
      const user = await dir.addUser({ name: 'E', email: 'e@example.test', role: 'staff' });
      const createdAt = new Date('2024-01-01T00:00:00Z');
      await dir.addToken({ userId: user.id, tokenHash: 'h-old', label: 'old', createdAt, expiresAt: new Date(Date.now() - 1000) });
      await dir.addToken({ userId: user.id, tokenHash: 'h-new', label: 'new', createdAt, expiresAt: new Date(Date.now() + 3_600_000) });
      expect(await dir.findUserByTokenHash('h-old')).toBeNull();
      expect(await dir.findUserByTokenHash('h-new')).toEqual(user);
    });

    it('revokes a token by id and all of a user\'s tokens, ending their admin sessions', async (ctx) => {
      const dir = directoryOf(ctx);
      const a = await dir.addUser({ name: 'A', email: 'a@example.test', role: 'staff' });
      const b = await dir.addUser({ name: 'B', email: 'b@example.test', role: 'staff' });
      const createdAt = new Date();
      const expiresAt = new Date(Date.now() + 3_600_000);
      const a1 = await dir.addToken({ userId: a.id, tokenHash: 'h-a1', label: 'one', createdAt });
      const a2 = await dir.addToken({ userId: a.id, tokenHash: 'h-a2', label: 'two', createdAt });
      const b1 = await dir.addToken({ userId: b.id, tokenHash: 'h-b1', label: 'one', createdAt });
      await dir.addSession({ idHash: 's-a1', userId: a.id, tokenHash: 'h-a1', createdAt, expiresAt });
      await dir.addSession({ idHash: 's-a2', userId: a.id, tokenHash: 'h-a2', createdAt, expiresAt });
      await dir.addSession({ idHash: 's-a-password', userId: a.id, tokenHash: null, createdAt, expiresAt });
      await dir.addSession({ idHash: 's-b', userId: b.id, tokenHash: null, createdAt, expiresAt });

      expect(await dir.revokeTokens({ id: a1.id })).toBe(1);
      expect(await dir.findUserByTokenHash('h-a1')).toBeNull();
      expect(await dir.findSession('s-a1')).toBeNull();
      expect(await dir.findUserByTokenHash('h-a2')).toEqual(a);
      expect(await dir.findSession('s-a2')).not.toBeNull();
      const ids = async () => (await dir.listTokens()).map((t) => t.id);
      expect(await ids()).toEqual([a2.id, b1.id]);
      expect(await dir.revokeTokens({ id: a1.id })).toBe(0);

      expect(await dir.revokeTokens({ userId: a.id })).toBe(1);
      expect(await dir.findSession('s-a2')).toBeNull();
      expect(await dir.findSession('s-a-password')).toBeNull();
      expect(await ids()).toEqual([b1.id]);
      expect(await dir.findSession('s-b')).toMatchObject({ userId: b.id });
    });

    it('keeps admin sessions server-side: found by id hash until deleted or expired', async (ctx) => {
      const dir = directoryOf(ctx);
      const user = await dir.addUser({ name: 'S', email: 's@example.test', role: 'staff' });
      const createdAt = new Date('2024-05-06T07:08:09.123Z');
      const expiresAt = new Date(Date.now() + 3_600_000);
      await dir.addSession({ idHash: 'sess-1', userId: user.id, tokenHash: 'tok', createdAt, expiresAt });
      await dir.addSession({ idHash: 'sess-old', userId: user.id, tokenHash: null, createdAt, expiresAt: new Date(Date.now() - 1) });
      expect(await dir.findSession('sess-1')).toEqual({ idHash: 'sess-1', userId: user.id, tokenHash: 'tok', createdAt, expiresAt });
      expect(await dir.findSession('sess-old')).toBeNull();
      expect(await dir.findSession('nope')).toBeNull();
      await dir.deleteSession('sess-1');
      expect(await dir.findSession('sess-1')).toBeNull();
      await dir.deleteSession('sess-1');
    });
  });
}
