import {
  createMemoryBlobStore,
  createMemoryStore,
  createTicketing,
  type Actor,
  type CustomerRecord,
  type Directory,
  type UserRecord,
} from '@tessera/core';
import { createTicketingRouter } from '@tessera/http-hono';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';

/** The host's own user model: it knows nothing about Tessera. */
interface HostUser {
  id: number;
  displayName: string;
  email: string;
  isSupportAgent: boolean;
  companyId: number | null;
}

/** The host's data, standing in for its real database. */
const USERS: HostUser[] = [
  { id: 10, displayName: 'Sam Agent', email: 'sam@host.example', isSupportAgent: true, companyId: null },
  { id: 11, displayName: 'Cleo Client', email: 'cleo@acme.example', isSupportAgent: false, companyId: 100 },
];
const COMPANIES: CustomerRecord[] = [{ id: 100, name: 'Acme Corp', email: 'billing@acme.example' }];
/** Sessions the host's login would have created. */
const SESSIONS = new Map<string, number>([
  ['agent-session', 10],
  ['client-session', 11],
]);

const toRecord = (u: HostUser): UserRecord => ({
  id: u.id,
  name: u.displayName,
  email: u.email,
  role: u.isSupportAgent ? 'staff' : 'customer',
  customerId: u.companyId,
});

/** Tessera's view of the host's users and companies. */
const directory: Directory = {
  async getUsers(ids) {
    return USERS.filter((u) => ids.includes(u.id)).map(toRecord);
  },
  async getCustomers(ids) {
    return COMPANIES.filter((c) => ids.includes(c.id));
  },
  async searchUsers(query, { limit, role }) {
    const q = query.toLowerCase();
    return USERS.map(toRecord)
      .filter((u) => (!role || u.role === role) && `${u.name} ${u.email}`.toLowerCase().includes(q))
      .slice(0, limit);
  },
  async searchCustomers(query, { limit }) {
    const q = query.toLowerCase();
    return COMPANIES.filter((c) => `${c.name} ${c.email}`.toLowerCase().includes(q)).slice(0, limit);
  },
};

type HostEnv = { Variables: { user: HostUser | null } };

/**
 * An existing Hono app with its own cookie sessions, which mounts Tessera's REST API under its own
 * prefix (`/support/api`) and maps its session user to a Tessera actor.
 */
export function createHostApp() {
  const ticketing = createTicketing({ store: createMemoryStore(), blobs: createMemoryBlobStore(), directory });
  const app = new Hono<HostEnv>();

  // The host's own auth, scoped to the host's own paths.
  app.use('*', async (c, next) => {
    const userId = SESSIONS.get(getCookie(c, 'session') ?? '');
    c.set('user', USERS.find((u) => u.id === userId) ?? null);
    await next();
  });

  app.get('/', (c) => c.text(`Welcome${c.get('user') ? `, ${c.get('user')!.displayName}` : ''}! Support API at /support/api/`));

  const authenticate = (c: { get(key: 'user'): HostUser | null }): Actor | null => {
    const user = c.get('user');
    if (!user) return null;
    return user.isSupportAgent ? { id: user.id, role: 'staff' } : { id: user.id, role: 'customer', customerId: user.companyId };
  };
  app.route('/support/api', createTicketingRouter({ ticketing, authenticate: (c) => authenticate(c as never) }));

  app.get('/about', (c) => c.text('The host app keeps working next to the ticketing API.'));
  return { app, ticketing };
}
