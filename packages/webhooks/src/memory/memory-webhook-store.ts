// The memory implementation lives in @tessera/core, where the memory ticket store shares its outbox.
export { createMemoryWebhookStore } from '@tessera/core';
