// The outbox port lives in @tessera/core: the ticketing service writes it inside its transactions.
export type { NewOutboxEvent, OutboxClaim, OutboxEvent, OutboxReader, OutboxWriter } from '@tessera/core';
