import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeDatabase, loadConfig } from '../src/config.js';
import { startServer } from './harness.js';

describe('standalone configuration', () => {
  it('defaults to SQLite under ./data on 127.0.0.1:3000 with a 25 MB upload limit', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      database: { kind: 'sqlite', filename: resolve('data/tessera.db'), cacheSizeKiB: 32 * 1024 },
      blobDirectory: resolve('data/attachments'),
      uploadLimitBytes: 26_214_400,
      requestLog: true,
    });
  });

  it('switches to Postgres on a postgres:// DATABASE_URL and reads the other variables', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:secret@db:5433/app', PORT: '8080', HOST: '0.0.0.0', TESSERA_UPLOAD_LIMIT_BYTES: '10', TESSERA_REQUEST_LOG: 'off' });
    expect(config).toMatchObject({ host: '0.0.0.0', port: 8080, uploadLimitBytes: 10, requestLog: false, database: { kind: 'postgres', schema: 'tessera' } });
    expect(describeDatabase(config)).toBe('PostgreSQL db:5433/app (schema tessera)');
    expect(describeDatabase(config)).not.toContain('secret');
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.db', TESSERA_SQLITE_CACHE_MIB: '8' }).database).toEqual({ kind: 'sqlite', filename: '/tmp/x.db', cacheSizeKiB: 8192 });
  });

  it('shares the cores out as SQLite search threads per worker process (at least 1), TESSERA_QUERY_WORKERS overriding', () => {
    const cores = availableParallelism();
    expect(loadConfig({ TESSERA_WORKERS: '1' }).queryWorkers).toBe(cores);
    expect(loadConfig({ TESSERA_WORKERS: String(cores) }).queryWorkers).toBe(1);
    expect(loadConfig({ TESSERA_WORKERS: String(cores * 3) }).queryWorkers).toBe(1);
    expect(loadConfig({ TESSERA_WORKERS: '1', TESSERA_QUERY_WORKERS: '3' }).queryWorkers).toBe(3);
    expect(() => loadConfig({ TESSERA_QUERY_WORKERS: '0' })).toThrow(/TESSERA_QUERY_WORKERS must be an integer between 1 and 64/);
  });

  it('refuses nonsense with a clear message', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be an integer/);
    expect(() => loadConfig({ TESSERA_UPLOAD_LIMIT_BYTES: '-1' })).toThrow(/TESSERA_UPLOAD_LIMIT_BYTES/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must start with/);
  });

  it('reads the webhook dispatcher lease from TESSERA_WEBHOOK_LEASE_MS (default 60 s)', () => {
    expect(loadConfig({}).webhooks.leaseMs).toBe(60_000);
    expect(loadConfig({ TESSERA_WEBHOOK_LEASE_MS: '300000' }).webhooks).toMatchObject({ leaseMs: 300_000, allowPrivate: false });
    expect(() => loadConfig({ TESSERA_WEBHOOK_LEASE_MS: '1000' })).toThrow(/TESSERA_WEBHOOK_LEASE_MS must be a whole number of milliseconds between 30000/);
  });

  it('a bad TESSERA_WEBHOOK_LEASE_MS stops the server at start with one line naming it, before any file is written', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-lease-'));
    try {
      const failed = startServer({ TESSERA_DATA_DIR: dataDir, TESSERA_WEBHOOK_LEASE_MS: '5s' });
      await expect(failed).rejects.toThrow(
        /^server exited \(1\) before listening:\nTESSERA_WEBHOOK_LEASE_MS must be a whole number of milliseconds between 30000 and 86400000, got "5s"\.\n$/u,
      );
      expect(existsSync(join(dataDir, 'tessera.db'))).toBe(false);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('public URL and allowed hosts', () => {
  it('reads TESSERA_PUBLIC_URL and a comma-separated TESSERA_ALLOWED_HOSTS, and refuses a URL without a scheme', () => {
    expect(loadConfig({})).toMatchObject({ publicUrl: undefined, allowedHosts: undefined });
    expect(loadConfig({ TESSERA_PUBLIC_URL: 'https://support.example.com', TESSERA_ALLOWED_HOSTS: ' support.example.com, .internal ,' })).toMatchObject({
      publicUrl: 'https://support.example.com',
      allowedHosts: ['support.example.com', '.internal'],
    });
    expect(() => loadConfig({ TESSERA_PUBLIC_URL: 'support.example.com' })).toThrow(/TESSERA_PUBLIC_URL must be an http:\/\/ or https:\/\/ URL/);
  });

  it('serves links from the public URL and refuses unknown hosts through the server app', async () => {
    const { createMemoryBlobStore, createMemoryStore, createTicketing } = await import('@tessera/core');
    const { generateToken, hashToken } = await import('@tessera/http-hono');
    const { createServerApp } = await import('../src/app.js');
    const store = createMemoryStore();
    const ticketing = createTicketing({ store, blobs: createMemoryBlobStore() });
    const staff = await store.directory.addUser({ name: 'Sam', email: 'sam@x.test', role: 'staff' });
    const token = generateToken();
    await store.directory.addToken({ userId: staff.id, tokenHash: await hashToken(token), label: 't', createdAt: new Date() });
    const customer = await store.directory.addCustomer({ name: 'Acme', email: 'a@x.test' });
    for (const subject of ['one', 'two']) await ticketing.tickets.create({ id: staff.id, role: 'staff' }, { subject, description: 'd', customerId: customer.id });
    const make = (env: Record<string, string>) => {
      const config = loadConfig(env);
      return createServerApp({ ticketing, store, uploadLimitBytes: 1000, requestLog: false, sessionSecret: 'x'.repeat(32), publicUrl: config.publicUrl, allowedHosts: config.allowedHosts });
    };
    const auth = { headers: { Authorization: `Bearer ${token}` } };
    const plain = make({});
    expect((await plain.request('http://evil.example/api/ticketing/tickets/', auth)).status).toBe(400);
    expect((await plain.request('http://evil.example/admin/ticketing/sign-in')).status).toBe(400);
    expect((await plain.request('http://127.0.0.1:3000/api/ticketing/tickets/', auth)).status).toBe(200);
    const proxied = make({ TESSERA_PUBLIC_URL: 'https://support.example.com' });
    const page = await proxied.request('http://evil.example/api/ticketing/tickets/?page_size=1', auth);
    expect(((await page.json()) as { next: string }).next).toBe('https://support.example.com/api/ticketing/tickets/?page_size=1&page=2');
    expect((await proxied.request('http://10.0.0.2:3000/admin/ticketing/sign-in')).headers.get('set-cookie')).toMatch(/; Secure/u);
  });
});
