import { describe } from 'vitest';
import { runStoreConformance } from '@tessera/core/testing';
import { pgAvailable, useTestSchema } from './pg-test-schema.js';

describe.skipIf(!pgAvailable)('postgres', () => {
  // One schema for this file, migrated once and emptied before every test.
  const db = useTestSchema('conformance');
  runStoreConformance({ name: 'postgres', createStore: () => db.fresh() });
});
