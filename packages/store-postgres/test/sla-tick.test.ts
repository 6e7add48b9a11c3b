import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import { runSlaTickAcrossProcesses, startWorkerProcess } from '@tessera/core/testing';
import type { PostgresStore } from '../src/index.js';
import { PG_URL, pgAvailable, useTestSchema } from './pg-test-schema.js';

const WORKER = fileURLToPath(new URL('./workers/tick.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe.skipIf(!pgAvailable)('postgres store', () => {
  const db = useTestSchema('sla_tick');
  runSlaTickAcrossProcesses({
    name: 'postgres',
    createStore: () => db.fresh(),
    startTicker: (store, now) =>
      startWorkerProcess(WORKER, { cwd: ROOT, env: { PG_URL, SCHEMA: (store as PostgresStore).schema, NOW: now.toISOString() } }),
  });
});
