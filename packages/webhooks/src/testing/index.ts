export { runWebhookStoreConformance, type WebhookStoreConformanceOptions } from './conformance.js';
