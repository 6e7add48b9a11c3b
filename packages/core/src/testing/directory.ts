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
  });
}
