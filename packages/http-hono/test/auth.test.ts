import { describe, expect, it, vi } from 'vitest';
import { Hono } from 'hono';
import {
  createBearerAuthenticator,
  generateToken,
  InvalidCredentialsError,
  hashPassword,
  hashToken,
  readBearerToken,
  timingSafeEqual,
  verifyPassword,
} from '../src/auth/index.js';

describe('token hashing', () => {
  it('generates distinct url-safe tokens and hashes them to hex sha-256', async () => {
    const a = generateToken();
    const b = generateToken();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^tsr_[A-Za-z0-9_-]{43}$/);
    expect(await hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await hashToken(a)).not.toBe(await hashToken(b));
  });

  it('compares byte strings', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true);
    expect(timingSafeEqual('abc', 'abd')).toBe(false);
    expect(timingSafeEqual('abc', 'abcd')).toBe(false);
    expect(timingSafeEqual('', '')).toBe(true);
  });
});

describe('password hashing', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const h1 = await hashPassword('correct horse');
    const h2 = await hashPassword('correct horse');
    expect(h1).toMatch(/^pbkdf2_sha256\$\d+\$[\w-]+\$[\w-]+$/);
    expect(h1).not.toBe(h2);
    expect(await verifyPassword('correct horse', h1)).toBe(true);
    expect(await verifyPassword('correct horsE', h1)).toBe(false);
  });

  it('rejects malformed hashes instead of throwing', async () => {
    for (const bad of ['', 'plain', 'md5$1$a$b', 'pbkdf2_sha256$x$a$b', 'pbkdf2_sha256$1$$', 'pbkdf2_sha256$1$a$b$c']) {
      expect(await verifyPassword('pw', bad)).toBe(false);
    }
  });
});

describe('bearer authenticator', () => {
  it('parses the header strictly', () => {
    expect(readBearerToken('Bearer abc.def')).toBe('abc.def');
    expect(readBearerToken('bearer abc')).toBeNull();
    expect(readBearerToken('Basic abc')).toBeNull();
    expect(readBearerToken('Bearer ')).toBeNull();
    expect(readBearerToken(undefined)).toBeNull();
  });

  it('looks users up by token hash', async () => {
    const token = generateToken();
    const stored = await hashToken(token);
    const seen: string[] = [];
    const authenticate = createBearerAuthenticator({
      findUserByTokenHash: async (h) => {
        seen.push(h);
        return h === stored ? { id: 7, name: 'A', email: 'a@x', role: 'customer', customerId: 3 } : null;
      },
    });
    const app = new Hono().get('/', async (c) => {
      try {
        return c.json(await authenticate(c));
      } catch (error) {
        return c.json({ invalid: InvalidCredentialsError.is(error) });
      }
    });
    const ok = await app.request('/', { headers: { Authorization: `Bearer ${token}` } });
    expect(await ok.json()).toEqual({ id: 7, role: 'customer', customerId: 3 });
    // No credentials is null; credentials that are wrong (or malformed) throw, so no caller can take them for a user.
    expect(await (await app.request('/')).json()).toBeNull();
    expect(await (await app.request('/', { headers: { Authorization: 'Basic dXNlcjpwdw==' } })).json()).toBeNull();
    expect(await (await app.request('/', { headers: { Authorization: 'Bearer nope' } })).json()).toEqual({ invalid: true });
    expect(await (await app.request('/', { headers: { Authorization: 'Bearer bad token!' } })).json()).toEqual({ invalid: true });
    expect(seen).not.toContain(token);
  });

  it('remembers verified tokens for the TTL only, and never failures', async () => {
    const token = generateToken();
    const stored = await hashToken(token);
    let lookups = 0;
    let clock = 0;
    const authenticate = createBearerAuthenticator(
      {
        findUserByTokenHash: async (h) => {
          lookups += 1;
          return h === stored ? { id: 1, name: 'A', email: 'a@x', role: 'staff', customerId: null } : null;
        },
      },
      { cacheTtlMs: 1000, now: () => clock },
    );
    const app = new Hono().get('/', async (c) => c.json(await Promise.resolve().then(() => authenticate(c)).catch(() => 'invalid')));
    const call = async (t: string) => (await app.request("/", { headers: { Authorization: `Bearer ${t}` } })).json();
    expect(await call(token)).toEqual({ id: 1, role: 'staff', customerId: null });
    expect(await call(token)).toEqual({ id: 1, role: 'staff', customerId: null });
    expect(lookups).toBe(1);
    clock = 1001;
    await call(token);
    expect(lookups).toBe(2);
    await call('nope');
    await call('nope');
    expect(lookups).toBe(4);
  });

  it('shares one lookup among concurrent requests with the same token (hits and misses alike)', async () => {
    const token = generateToken();
    const stored = await hashToken(token);
    const lookups: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const authenticate = createBearerAuthenticator({
      findUserByTokenHash: async (h) => {
        lookups.push(h);
        await gate;
        return h === stored ? { id: 1, name: 'A', email: 'a@x', role: 'staff', customerId: null } : null;
      },
    });
    const app = new Hono().get('/', async (c) => c.json(await Promise.resolve().then(() => authenticate(c)).catch(() => 'invalid')));
    const call = async (t: string) => (await app.request('/', { headers: { Authorization: `Bearer ${t}` } })).json();
    const answers = Promise.all([call(token), call(token), call(token), call('nope'), call('nope')]);
    await vi.waitFor(() => expect(lookups).toHaveLength(2));
    release();
    expect(await answers).toEqual([...Array(3).fill({ id: 1, role: 'staff', customerId: null }), 'invalid', 'invalid']);
    // One lookup per distinct token; the two hashes finish in either order.
    expect([...lookups].sort()).toEqual([stored, await hashToken('nope')].sort());
  });

  it('caps the cache at one second, so a revoked token is refused within a second whatever the host asks', async () => {
    const token = generateToken();
    let valid = true;
    let clock = 0;
    const authenticate = createBearerAuthenticator(
      { findUserByTokenHash: async () => (valid ? { id: 1, name: 'A', email: 'a@x', role: 'staff', customerId: null } : null) },
      { cacheTtlMs: 60_000, now: () => clock },
    );
    const app = new Hono().get('/', async (c) => c.json(await Promise.resolve().then(() => authenticate(c)).catch(() => 'invalid')));
    const call = async () => (await app.request('/', { headers: { Authorization: `Bearer ${token}` } })).json();
    expect(await call()).toEqual({ id: 1, role: 'staff', customerId: null });
    valid = false; // revoked
    clock = 999;
    expect(await call()).toEqual({ id: 1, role: 'staff', customerId: null });
    clock = 1000;
    expect(await call()).toBe('invalid');
  });
});
