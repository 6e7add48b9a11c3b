import { createMemoryStore } from '@tessera/core';
import { runStoreConformance } from '@tessera/core/testing';

runStoreConformance({ name: 'memory', createStore: async () => createMemoryStore() });
