import { describe } from 'vitest';
import { runSlaTickAcrossProcesses } from '@tessera/core/testing';
import type { PostgresStore } from '../src/index.js';
import { pgAvailable, useTestSchema } from './pg-test-schema.js';
import { startPgWorker } from './pg-workers.js';

describe.skipIf(!pgAvailable)('postgres store', () => {
  const db = useTestSchema('sla_tick');
  runSlaTickAcrossProcesses({
    name: 'postgres',
    createStore: () => db.fresh(),
    startTicker: (store, now) => startPgWorker('tick.ts', { SCHEMA: (store as PostgresStore).schema, NOW: now.toISOString() }),
  });
});
