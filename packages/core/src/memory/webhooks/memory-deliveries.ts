import type { DeliveryAttempt, DeliveryStore } from '../../ports/webhooks/deliveries.js';
import type { Subscription } from '../../ports/webhooks/subscriptions.js';

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
  const pending = new Map<number, Set<AttemptRow>>(); // by subscription; each set in id order
  let nextId = 1;

  function insert(fields: Omit<AttemptRow, 'id' | 'leaseOwner' | 'leaseExpiresAt'>): void {
    const key = `${fields.subscriptionId}:${fields.eventId}:${fields.attempt}`;
    if (keys.has(key)) return;
    keys.add(key);
    const id = nextId++;
    const row: AttemptRow = { ...fields, id, leaseOwner: null, leaseExpiresAt: 0 };
    rows.set(id, row);
    const lane = pending.get(row.subscriptionId) ?? new Set();
    lane.add(row);
    pending.set(row.subscriptionId, lane);
  }

  return {
    async enqueue(deliveries, now) {
      for (const d of deliveries) {
        insert({ ...d, attempt: 1, outcome: 'pending', statusCode: null, durationMs: null, error: null, createdAt: now, nextAttemptAt: now, deliveredAt: null, firstAttemptAt: now });
      }
    },

    async claimDue({ owner, now, leaseMs, limit, perSubscription, skipSubscriptions }) {
      const skip = new Set(skipSubscriptions);
      const candidates: AttemptRow[] = [];
      for (const [subscriptionId, lane] of pending) {
        if (skip.has(subscriptionId) || subscriptions.get(subscriptionId)?.isActive !== true) continue;
        let taken = 0;
        for (const row of lane) {
          if (taken >= perSubscription) break;
          if (row.nextAttemptAt!.getTime() > now.getTime() || row.leaseExpiresAt > now.getTime()) continue;
          candidates.push(row);
          taken++;
        }
      }
      candidates.sort((a, b) => a.nextAttemptAt!.getTime() - b.nextAttemptAt!.getTime() || a.id - b.id);
      const claimed: DeliveryAttempt[] = [];
      for (const row of candidates.slice(0, limit)) {
        row.leaseOwner = owner;
        row.leaseExpiresAt = now.getTime() + leaseMs;
        claimed.push(view(row));
      }
      return claimed;
    },

    async complete(attemptId, owner, result, now) {
      const row = rows.get(attemptId);
      if (!row || row.outcome !== 'pending' || row.leaseOwner !== owner) return false;
      pending.get(row.subscriptionId)?.delete(row);
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
      const lane = pending.get(subscriptionId) ?? new Set();
      for (const row of lane) Object.assign(row, { outcome: 'failed', error, nextAttemptAt: null, leaseOwner: null, leaseExpiresAt: 0 });
      pending.delete(subscriptionId);
      return lane.size;
    },

    async listAttempts(subscriptionId, { offset, limit }) {
      const mine = [...rows.values()].filter((row) => row.subscriptionId === subscriptionId).reverse();
      return { count: mine.length, results: mine.slice(offset, offset + limit).map(view) };
    },

    hasPending(eventId) {
      for (const lane of pending.values()) for (const row of lane) if (row.eventId === eventId) return true;
      return false;
    },

    dropSubscription(id) {
      for (const row of rows.values()) {
        if (row.subscriptionId !== id) continue;
        rows.delete(row.id);
      }
      pending.delete(id);
    },
  };
}
