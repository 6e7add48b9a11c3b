import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from './harness.js';

const PG_URL = process.env.TESSERA_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const reachable = await postgresReachable();
if (!reachable) {
  const line = `no PostgreSQL at ${PG_URL}; start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`;
  // In CI a missing server is a failure, never a silent skip.
  if (process.env.CI === 'true') throw new Error(line);
  console.warn(`\n!!! SKIPPING standalone/postgres: ${line}\n`);
}

describe.skipIf(!reachable)('standalone server on PostgreSQL (DATABASE_URL)', () => {
  const schema = `standalone_${process.pid}_${Date.now()}`;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-standalone-pg-'));
  });
  afterAll(async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('migrates, creates the first user and serves the API from Postgres', async () => {
    const server = await startServer({ DATABASE_URL: PG_URL, TESSERA_PG_SCHEMA: schema, TESSERA_DATA_DIR: dataDir, TESSERA_REQUEST_LOG: 'off' }, ['--demo']);
    try {
      expect(server.output()).toContain(`PostgreSQL 127.0.0.1:5432/test (schema ${schema})`);
      expect(server.token).toMatch(/^tsr_/);
      const res = await fetch(`${server.baseUrl}/api/ticketing/tickets/statistics/`, { headers: { Authorization: `Bearer ${server.token}` } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { total_tickets: number }).total_tickets).toBe(300);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${schema}".tickets`);
    await client.end();
    expect(rows[0].n).toBe(300);
  }, 90_000); // 300 demo tickets through the service, over a shared machine's Postgres
});
