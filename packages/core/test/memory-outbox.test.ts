import { createMemoryStore } from '../src/index.js';
import { runIdempotencyConformance, runOutboxConformance } from '../src/testing/index.js';

runOutboxConformance({ name: 'memory', createStore: async () => createMemoryStore() });
runIdempotencyConformance({ name: 'memory', createStore: async () => createMemoryStore() });
