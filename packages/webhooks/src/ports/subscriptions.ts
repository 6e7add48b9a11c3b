// Defined in @tessera/core next to the outbox, so every store can implement the whole webhook store.
export type { NewSubscription, Subscription, SubscriptionPatch, SubscriptionStore } from '@tessera/core';
