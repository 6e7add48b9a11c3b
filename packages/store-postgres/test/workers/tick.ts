/**
 * A separate Node process for the SLA tick test: connects, then runs one tick at `NOW` when told
 * to (see `tickInWorker`).
 */
import pg from 'pg';
import { createMemoryBlobStore, createTicketing } from '@tessera/core';
import { tickInWorker } from '@tessera/core/testing';
import { createPostgresStore } from '../../src/index.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const pool = new pg.Pool({ connectionString: env('PG_URL'), max: 2 });
const store = createPostgresStore({ pool }, { schema: env('SCHEMA') });
await store.getTicket(1); // connect before the start signal
await tickInWorker(createTicketing({ store, blobs: createMemoryBlobStore() }), new Date(env('NOW')));
await store.close();
await pool.end();
