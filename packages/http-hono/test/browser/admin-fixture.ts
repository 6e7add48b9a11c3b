import {
  createMemoryStore,
  createTicketing,
  type Clock,
  type DirectoryStore,
  type Ticketing,
  type UserRecord,
} from '@tessera/core';
import type { WebhookService } from '@tessera/webhooks';
import { Hono } from 'hono';
import { createAdminRouter, createDirectorySignIn } from '../../src/admin/index.js';
import { hashPassword, hashToken } from '../../src/auth/hashing.js';

/** Base path the fixture mounts the admin at (the standalone server's). */
export const ADMIN_BASE = '/admin/ticketing';
export const SESSION_SECRET = 'test-secret-test-secret-test-secret-0123';
export const STAFF_PASSWORD = 'correct horse battery staple';
export const STAFF_TOKEN = 'tsr_staff-token-for-tests';
export const CUSTOMER_PASSWORD = 'customer password 123';

/** A host app with a memory-store ticketing and the admin mounted, plus the people in it. */
export interface AdminFixture {
  app: Hono;
  ticketing: Ticketing;
  staff: UserRecord;
  otherStaff: UserRecord;
  customerUser: UserRecord;
  customers: Array<{ id: number; name: string; email: string }>;
  /** The store's directory (users, tokens, admin sessions). */
  directory: DirectoryStore;
}

/** Builds the fixture; `customerCount` extra customers exercise the autocomplete at scale; `clock` drives the service's time. */
export async function createAdminFixture(
  options: { customerCount?: number; webhooks?: WebhookService; clock?: Clock } = {},
): Promise<AdminFixture> {
  const store = createMemoryStore();
  const ticketing = createTicketing({ store, ...(options.clock && { clock: options.clock }) });
  const dir = store.directory;
  const customers = [
    await dir.addCustomer({ name: 'Acme Corporation', email: 'support@acme.test' }),
    await dir.addCustomer({ name: 'Globex', email: 'help@globex.test' }),
  ];
  for (let i = 0; i < (options.customerCount ?? 0); i += 1) {
    customers.push(await dir.addCustomer({ name: `Customer ${String(i).padStart(5, '0')}`, email: `c${i}@bulk.test` }));
  }
  const staff = await dir.addUser({
    name: 'Sam Staff',
    email: 'sam@tessera.test',
    role: 'staff',
    passwordHash: await hashPassword(STAFF_PASSWORD),
  });
  await dir.addToken({ userId: staff.id, tokenHash: await hashToken(STAFF_TOKEN), label: 'test', createdAt: new Date() });
  const otherStaff = await dir.addUser({ name: 'Olivia Agent', email: 'olivia@tessera.test', role: 'staff' });
  const customerUser = await dir.addUser({
    name: 'Carl Customer',
    email: 'carl@acme.test',
    role: 'customer',
    customerId: customers[0]!.id,
    passwordHash: await hashPassword(CUSTOMER_PASSWORD),
  });
  const app = new Hono();
  app.route(
    ADMIN_BASE,
    createAdminRouter({ ticketing, signIn: createDirectorySignIn(dir), sessionSecret: SESSION_SECRET, basePath: ADMIN_BASE, webhooks: options.webhooks }),
  );
  return { app, ticketing, staff, otherStaff, customerUser, customers, directory: dir };
}
