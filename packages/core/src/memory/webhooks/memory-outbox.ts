import type { NewOutboxEvent, OutboxClaim, OutboxEvent, OutboxReader, OutboxWriter } from '../../ports/outbox.js';

interface OutboxRow {
  event: OutboxEvent;
  ackedAt: Date | null;
  leaseToken: string | null;
  leaseExpiresAt: number;
}

/**
 * The outbox in memory. Every method runs synchronously to completion, which is what makes each
 * claim atomic here (the SQL stores get the same from row locks or the write lock).
 */
export function createMemoryOutbox(hasPendingAttempts: (eventId: number) => boolean = () => false): OutboxReader & OutboxWriter & { size(): number } {
  const rows: OutboxRow[] = []; // ascending id
  const byId = new Map<number, OutboxRow>();
  let nextId = 1;
  let firstOpen = 0; // every row before this index is acknowledged

  return {
    async append(events: readonly NewOutboxEvent[]) {
      return events.map((input) => {
        // `data` is kept as its JSON, as the SQL stores keep it (dates become ISO strings).
        const event: OutboxEvent = { ...input, data: JSON.parse(JSON.stringify(input.data ?? null)), id: nextId++ };
        const row: OutboxRow = { event, ackedAt: null, leaseToken: null, leaseExpiresAt: 0 };
        rows.push(row);
        byId.set(event.id, row);
        return { ...event };
      });
    },

    async claim({ limit, leaseMs, now }): Promise<OutboxClaim> {
      const token = globalThis.crypto.randomUUID();
      const events: OutboxEvent[] = [];
      while (firstOpen < rows.length && rows[firstOpen]!.ackedAt) firstOpen++;
      for (let i = firstOpen; i < rows.length && events.length < limit; i++) {
        const row = rows[i]!;
        if (row.ackedAt || (row.leaseToken && row.leaseExpiresAt > now.getTime())) continue;
        row.leaseToken = token;
        row.leaseExpiresAt = now.getTime() + leaseMs;
        events.push({ ...row.event });
      }
      return { token, events };
    },

    async ack(token, ids, now) {
      let count = 0;
      for (const id of ids) {
        const row = byId.get(id);
        if (row && row.leaseToken === token && !row.ackedAt) {
          row.ackedAt = now;
          row.leaseToken = null;
          count++;
        }
      }
      return count;
    },

    async get(ids) {
      return ids.flatMap((id) => {
        const row = byId.get(id);
        return row ? [{ ...row.event }] : [];
      });
    },

    async prune(before) {
      const kept = rows.filter((row) => !(row.ackedAt && row.ackedAt < before && !hasPendingAttempts(row.event.id)));
      const keptSet = new Set(kept);
      for (const row of rows) if (!keptSet.has(row)) byId.delete(row.event.id);
      const removed = rows.length - kept.length;
      rows.length = 0;
      for (const row of kept) rows.push(row);
      firstOpen = 0;
      return removed;
    },

    size: () => rows.length,
  };
}
