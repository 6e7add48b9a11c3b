import { createMemoryBlobStore, createMemoryStore, createTicketing, type Clock, type TicketStore, type DirectoryStore } from '@tessera/core';
import { openSqliteStore } from '@tessera/store-sqlite';
import { Hono } from 'hono';
import { afterEach, beforeEach, expect } from 'vitest';
import { createBearerAuthenticator, createTicketingRouter, generateToken, hashToken, type TicketingRouterOptions } from '../src/index.js';

export type StoreKind = 'memory' | 'sqlite';
export const STORE_KINDS: StoreKind[] = ['memory', 'sqlite'];

/** A clock the test moves by hand. */
export function manualClock(start = '2025-01-15T12:00:00Z'): Clock & { advance(ms: number): void; set(iso: string): void } {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
    set: (iso) => {
      now = new Date(iso).getTime();
    },
  };
}

async function openStore(kind: StoreKind): Promise<TicketStore & { directory: DirectoryStore }> {
  if (kind === 'memory') return createMemoryStore();
  return openSqliteStore({ filename: ':memory:' });
}

export interface FixtureOptions {
  uploadLimitBytes?: number;
  /** Extra router options, made from the fixture's store. */
  router?: (store: TicketStore) => Partial<TicketingRouterOptions>;
}

/**
 * A host app with the router at `/api/ticketing`, two customers, staff users and customer users
 * with tokens, over the chosen store.
 */
export async function createFixture(kind: StoreKind, options: FixtureOptions = {}) {
  const store = await openStore(kind);
  const clock = manualClock();
  const ticketing = createTicketing({
    store,
    blobs: createMemoryBlobStore(),
    clock,
    uploadLimitBytes: options.uploadLimitBytes ?? 1024,
  });
  const dir = store.directory;
  const acme = await dir.addCustomer({ name: 'Acme Corp', email: 'ops@acme.test' });
  const globex = await dir.addCustomer({ name: 'Globex', email: 'it@globex.test' });
  const addUser = async (name: string, role: 'staff' | 'customer', customerId: number | null = null) => {
    const user = await dir.addUser({ name, email: `${name.toLowerCase()}@example.test`, role, customerId });
    const token = generateToken();
    await dir.addToken({ userId: user.id, tokenHash: await hashToken(token), label: 'test', createdAt: clock.now() });
    return { ...user, token };
  };
  const alice = await addUser('Alice', 'staff');
  const bob = await addUser('Bob', 'staff');
  const carol = await addUser('Carol', 'customer', acme.id);
  const dave = await addUser('Dave', 'customer', globex.id);
  const errors: unknown[] = [];
  const router = createTicketingRouter({
    ticketing,
    authenticate: createBearerAuthenticator(dir),
    logError: (error) => errors.push(error),
    ...options.router?.(store),
  });
  const app = new Hono().route('/api/ticketing', router);

  const request = (
    who: { token: string } | null,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (who) (init.headers as Record<string, string>).Authorization = `Bearer ${who.token}`;
    if (body instanceof FormData || typeof body === 'string') init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['Content-Type'] ??= 'application/json';
    }
    return app.request(`http://localhost/api/ticketing${path}`, init);
  };
  /** Request + parsed JSON body. */
  const call = async (who: { token: string } | null, method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    const res = await request(who, method, path, body, headers);
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const json: any = text ? JSON.parse(text) : null;
    return { status: res.status, body: json, headers: res.headers };
  };
  /** Creates a ticket as staff for `customer` (Acme by default). */
  const ticket = async (fields: Record<string, unknown> = {}) => {
    const res = await call(alice, 'POST', '/tickets/', {
      subject: 'Cannot login',
      description: 'Login fails after password reset',
      customer: acme.id,
      ...fields,
    });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  return { kind, store, ticketing, clock, app, request, call, ticket, acme, globex, alice, bob, carol, dave, errors, close: () => store.close() };
}

export type Fixture = Awaited<ReturnType<typeof createFixture>>;

/**
 * A fresh fixture for every test of the enclosing `describe`, closed after it; a test also fails
 * when the router logged an error. The returned object is refilled before each test, so tests
 * and later `beforeEach` hooks (which run after this one) use it directly.
 */
export function useFixture(kind: StoreKind, options: FixtureOptions = {}): Fixture {
  const f = {} as Fixture;
  beforeEach(async () => {
    Object.assign(f, await createFixture(kind, options));
  });
  afterEach(async () => {
    expect(f.errors).toEqual([]);
    await f.close();
  });
  return f;
}
