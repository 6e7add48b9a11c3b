import type { NewSubscription, Subscription, SubscriptionPatch, SubscriptionStore } from '../../ports/webhooks/subscriptions.js';

const copy = (s: Subscription): Subscription => ({ ...s, events: [...s.events] });

/** Subscriptions in memory; `rows` is shared with the memory delivery store (active check, cascade). */
export function createMemorySubscriptions(rows: Map<number, Subscription>, onDelete: (id: number) => void): SubscriptionStore {
  let nextId = 1;

  return {
    async create(input: NewSubscription, now: Date) {
      const row: Subscription = { ...input, events: [...input.events], id: nextId++, isActive: true, failingSince: null, createdAt: now, updatedAt: now };
      rows.set(row.id, row);
      return copy(row);
    },
    async get(id) {
      const row = rows.get(id);
      return row ? copy(row) : null;
    },
    async list({ offset, limit }) {
      const all = [...rows.values()].sort((a, b) => a.id - b.id);
      return { count: all.length, results: all.slice(offset, offset + limit).map(copy) };
    },
    async listActive() {
      return [...rows.values()].filter((s) => s.isActive).map(copy);
    },
    async update(id, patch: SubscriptionPatch, now) {
      const row = rows.get(id);
      if (!row) return null;
      if (patch.isActive === true && !row.isActive) row.failingSince = null;
      Object.assign(row, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)), { updatedAt: now });
      if (patch.events) row.events = [...patch.events];
      return copy(row);
    },
    async delete(id) {
      if (!rows.delete(id)) return false;
      onDelete(id);
      return true;
    },
    async recordFailure(id, now, deactivateAfterMs) {
      const row = rows.get(id);
      if (!row) return null;
      row.failingSince ??= now;
      if (now.getTime() - row.failingSince.getTime() >= deactivateAfterMs) row.isActive = false;
      return copy(row);
    },
    async recordSuccess(id) {
      const row = rows.get(id);
      if (row) row.failingSince = null;
    },
    async deactivate(id, now) {
      const row = rows.get(id);
      if (row) Object.assign(row, { isActive: false, updatedAt: now });
    },
  };
}
