// The webhook store contract lives in @tessera/core/testing, next to the port, so every store runs it.
export { runWebhookStoreConformance, type WebhookStoreConformanceOptions } from '@tessera/core/testing';
