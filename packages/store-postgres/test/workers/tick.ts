/**
 * A separate Node process for the SLA tick test: says ready, waits for "go" on stdin, runs one
 * tick at `NOW` and prints the breaches it recorded as one JSON line.
 */
import pg from 'pg';
import { createMemoryBlobStore, createTicketing } from '@tessera/core';
import { createPostgresStore } from '../../src/index.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const pool = new pg.Pool({ connectionString: env('PG_URL'), max: 2 });
const store = createPostgresStore({ pool }, { schema: env('SCHEMA') });
const ticketing = createTicketing({ store, blobs: createMemoryBlobStore() });
await store.getTicket(1); // connect before the start signal
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
const { breaches } = await ticketing.sla.tick(new Date(env('NOW')));
await store.close();
await pool.end();
process.stdout.write(`${JSON.stringify(breaches.map((b) => [b.ticketId, b.target, b.historyId]))}\n`);
process.stdin.destroy();
