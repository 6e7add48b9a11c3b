import type { OutboxEvent } from '../ports/outbox.js';

/** The JSON body of a delivery: `{ type, timestamp, data }`, timestamp being the event's time (ISO 8601). */
export function webhookBody(event: Pick<OutboxEvent, 'type' | 'occurredAt' | 'data'>): string {
  return JSON.stringify({ type: event.type, timestamp: event.occurredAt.toISOString(), data: event.data });
}
