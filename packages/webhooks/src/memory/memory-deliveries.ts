import type { DeliveryAttempt, DeliveryStore } from '../ports/deliveries.js';
import type { Subscription } from '../ports/subscriptions.js';

interface AttemptRow extends DeliveryAttempt {
  leaseOwner: string | null;
  leaseExpiresAt: number;
}

const view = ({ leaseOwner: _o, leaseExpiresAt: _e, ...attempt }: AttemptRow): DeliveryAttempt => ({ ...attempt });

/**
 * Delivery attempts in memory. Each method finishes synchronously, so a claim is atomic and two
 * dispatchers sharing this store never receive the same attempt while its lease holds.
 */
export function createMemoryDeliveries(subscriptions: Map<number, Subscription>): DeliveryStore & { dropSubscription(id: number): void; hasPending(eventId: number): boolean } {
  const rows = new Map<number, AttemptRow>(); // insertion order = id order
  const keys = new Set<string>();
  const pending = new Set<AttemptRow>(); // insertion order = id order
  let nextId = 1;

  function insert(fields: Omit<AttemptRow, 'id' | 'leaseOwner' | 'leaseExpiresAt'>): void {
    const key = `${fields.subscriptionId}:${fields.eventId}:${fields.attempt}`;
    if (keys.has(key)) return;
    keys.add(key);
    const id = nextId++;
    const row: AttemptRow = { ...fields, id, leaseOwner: null, leaseExpiresAt: 0 };
    rows.set(id, row);
    pending.add(row);
  }

  return {
    async enqueue(deliveries, now) {
      for (const d of deliveries) {
        insert({ ...d, attempt: 1, outcome: 'pending', statusCode: null, durationMs: null, error: null, createdAt: now, nextAttemptAt: now, deliveredAt: null, firstAttemptAt: now });
      }
    },

    async claimDue({ owner, now, leaseMs, limit, perSubscription, skipSubscriptions }) {
      const skip = new Set(skipSubscriptions);
      const perSub = new Map<number, number>();
      const claimed: DeliveryAttempt[] = [];
      // Like the SQL stores' bounded scan: consider a limited window of due rows (in id order here).
      let budget = Math.max(limit * 16, 1024);
      for (const row of pending) {
        if (claimed.length >= limit || budget <= 0) break;
        if (row.nextAttemptAt!.getTime() > now.getTime() || row.leaseExpiresAt > now.getTime()) continue;
        budget--;
        if (skip.has(row.subscriptionId) || subscriptions.get(row.subscriptionId)?.isActive !== true) continue;
        const taken = perSub.get(row.subscriptionId) ?? 0;
        if (taken >= perSubscription) continue;
        perSub.set(row.subscriptionId, taken + 1);
        row.leaseOwner = owner;
        row.leaseExpiresAt = now.getTime() + leaseMs;
        claimed.push(view(row));
      }
      claimed.sort((a, b) => a.nextAttemptAt!.getTime() - b.nextAttemptAt!.getTime() || a.id - b.id);
      return claimed;
    },

    async complete(attemptId, owner, result, now) {
      const row = rows.get(attemptId);
      if (!row || row.outcome !== 'pending' || row.leaseOwner !== owner) return false;
      pending.delete(row);
      Object.assign(row, {
        outcome: result.outcome,
        statusCode: result.statusCode,
        durationMs: result.durationMs,
        error: result.error,
        nextAttemptAt: result.outcome === 'retrying' ? result.retryAt : null,
        deliveredAt: result.outcome === 'delivered' ? now : null,
        leaseOwner: null,
        leaseExpiresAt: 0,
      });
      if (result.outcome === 'retrying' && result.retryAt) {
        insert({
          subscriptionId: row.subscriptionId,
          eventId: row.eventId,
          eventType: row.eventType,
          attempt: row.attempt + 1,
          outcome: 'pending',
          statusCode: null,
          durationMs: null,
          error: null,
          createdAt: now,
          nextAttemptAt: result.retryAt,
          deliveredAt: null,
          firstAttemptAt: row.firstAttemptAt,
        });
      }
      return true;
    },

    async cancelPending(subscriptionId, error) {
      let count = 0;
      for (const row of pending) {
        if (row.subscriptionId === subscriptionId) {
          pending.delete(row);
          Object.assign(row, { outcome: 'failed', error, nextAttemptAt: null, leaseOwner: null, leaseExpiresAt: 0 });
          count++;
        }
      }
      return count;
    },

    async listAttempts(subscriptionId, { offset, limit }) {
      const mine = [...rows.values()].filter((row) => row.subscriptionId === subscriptionId).reverse();
      return { count: mine.length, results: mine.slice(offset, offset + limit).map(view) };
    },

    hasPending(eventId) {
      for (const row of pending) if (row.eventId === eventId) return true;
      return false;
    },

    dropSubscription(id) {
      for (const row of rows.values()) {
        if (row.subscriptionId !== id) continue;
        rows.delete(row.id);
        pending.delete(row);
      }
    },
  };
}
