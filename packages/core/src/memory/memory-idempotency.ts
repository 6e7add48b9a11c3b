import {
  IDEMPOTENCY_IN_PROGRESS_TIMEOUT_MS,
  IDEMPOTENCY_TTL_MS,
  type IdempotencyBegin,
  type IdempotencyStore,
} from '../ports/idempotency.js';

interface IdempotencyRecord {
  requestHash: string;
  createdAt: Date;
  status: number | null;
  body: string | null;
}

/** Whether a record still counts at `now` (see the port's expiry rules). */
export function isLiveIdempotencyRecord(record: { createdAt: Date; status: number | null }, now: Date): boolean {
  const age = now.getTime() - record.createdAt.getTime();
  return age < IDEMPOTENCY_TTL_MS && (record.status !== null || age < IDEMPOTENCY_IN_PROGRESS_TIMEOUT_MS);
}

/**
 * `Idempotency-Key` records in memory. Each method runs to completion synchronously, which makes
 * `begin` atomic within the process (the only place this store is shared).
 */
export function createMemoryIdempotency(): IdempotencyStore {
  const records = new Map<string, IdempotencyRecord>();
  const id = (userId: number, key: string) => `${userId}\u0000${key}`;

  return {
    async begin(userId, key, requestHash, now): Promise<IdempotencyBegin> {
      const existing = records.get(id(userId, key));
      if (existing && isLiveIdempotencyRecord(existing, now)) {
        if (existing.requestHash !== requestHash) return { state: 'mismatch' };
        if (existing.status === null || existing.body === null) return { state: 'in_progress' };
        return { state: 'done', status: existing.status, body: existing.body };
      }
      records.set(id(userId, key), { requestHash, createdAt: now, status: null, body: null });
      return { state: 'new' };
    },
    async complete(userId, key, status, body) {
      const record = records.get(id(userId, key));
      if (record && record.status === null) Object.assign(record, { status, body });
    },
    async abandon(userId, key) {
      const record = records.get(id(userId, key));
      if (record && record.status === null) records.delete(id(userId, key));
    },
    async prune(before) {
      let removed = 0;
      for (const [k, record] of records) {
        if (record.createdAt < before) {
          records.delete(k);
          removed++;
        }
      }
      return removed;
    },
  };
}
