import net from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { StoreError } from '@tessera/core';
import { createPostgresStore } from '../src/index.js';
import { PG_URL, pgAvailable } from './pg-test-schema.js';

/** A TCP server that accepts connections and never answers: a host that hangs. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('postgres store: unreachable servers', () => {
  it('connection refused → StoreError naming host:port', async () => {
    const port = await freePort();
    const store = createPostgresStore({ connectionString: `postgres://postgres@127.0.0.1:${port}/test` });
    const error = await store.migrate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    await store.close();
  });

  it('a server that never answers → StoreError after the connect timeout, not a hang', async () => {
    const silent = await silentServer();
    const store = createPostgresStore(
      { connectionString: `postgres://postgres@127.0.0.1:${silent.port}/test` },
      { connectTimeoutMs: 300 },
    );
    const started = Date.now();
    const error = await store.getTicket(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain(`127.0.0.1:${silent.port}`);
    expect(Date.now() - started).toBeLessThan(5000);
    await store.close();
    await silent.close();
  });

  it('a host-owned pool that hangs is cut off by connectTimeoutMs too (and the pool is left to its owner)', async () => {
    const silent = await silentServer();
    const pool = new pg.Pool({ host: '127.0.0.1', port: silent.port, user: 'postgres', database: 'test' });
    pool.on('error', () => {});
    const store = createPostgresStore({ pool }, { connectTimeoutMs: 300 });
    const error = await store.transaction(async () => 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain(`127.0.0.1:${silent.port}`);
    await store.close();
    expect(pool.ended).toBe(false);
    await silent.close();
    await pool.end().catch(() => {});
  });

  it.skipIf(!pgAvailable)('wrong credentials or database → StoreError naming the host', async () => {
    const url = new URL(PG_URL);
    url.username = 'no_such_role_tessera';
    const store = createPostgresStore({ connectionString: url.toString() });
    const error = await store.migrate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(new RegExp(`${url.hostname}:${url.port || 5432}.*no_such_role_tessera`));
    await store.close();

    const noDb = new URL(PG_URL);
    noDb.pathname = '/no_such_database_tessera';
    const other = createPostgresStore({ connectionString: noDb.toString() });
    await expect(other.getTicket(1)).rejects.toThrow(/no_such_database_tessera/);
    await other.close();
  });

  it('rejects a schema name that is not a plain identifier', () => {
    expect(() => createPostgresStore({ connectionString: PG_URL }, { schema: 'x"; drop table y; --' })).toThrow(StoreError);
  });
});
