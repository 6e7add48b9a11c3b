// Defined in @tessera/core next to the outbox, so every store can implement the whole webhook store.
export type { WebhookStore } from '@tessera/core';
