import { createMemoryWebhookStore } from '../src/index.js';
import { runWebhookStoreConformance } from '../src/testing/index.js';

runWebhookStoreConformance({ name: 'memory', createStore: createMemoryWebhookStore });
