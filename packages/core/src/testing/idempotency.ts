import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_IN_PROGRESS_TIMEOUT_MS, IDEMPOTENCY_TTL_MS, type IdempotencyStore } from '../ports/idempotency.js';
import type { TicketStore } from '../ports/ticket-store.js';

/** Options of {@link runIdempotencyConformance}. */
export interface IdempotencyConformanceOptions {
  /** Shown in the suite's name. */
  name: string;
  /** A fresh, empty, migrated store for each test. */
  createStore: () => Promise<TicketStore>;
  /**
   * Another store on the same database with its own connection(s) — what a second process would
   * open. When given, the race test runs `begin` from both at once.
   */
  openSecond?: (first: TicketStore) => Promise<TicketStore>;
  /** Closes a store. Defaults to `store.close()`. */
  teardown?: (store: TicketStore) => Promise<void>;
}

const T0 = new Date('2030-06-01T10:00:00.000Z');
const after = (ms: number) => new Date(T0.getTime() + ms);

function idempotencyOf(store: TicketStore): IdempotencyStore {
  if (!store.idempotency) throw new Error('This store has no `idempotency` to test.');
  return store.idempotency;
}

/**
 * The `IdempotencyStore` contract, written once and run against every store: claim, replay,
 * mismatch, in-progress, abandon, expiry, prune, and exactly one winner when connections race.
 */
export function runIdempotencyConformance(options: IdempotencyConformanceOptions): void {
  describe(`idempotency conformance: ${options.name}`, () => {
    const opened: TicketStore[] = [];
    let store: TicketStore;
    let keys: IdempotencyStore;
    beforeEach(async () => {
      store = await options.createStore();
      opened.push(store);
      keys = idempotencyOf(store);
    });
    afterEach(async () => {
      for (const s of opened.splice(0).reverse()) await (options.teardown ? options.teardown(s) : s.close());
    });

    it('the first begin claims the key; the same request then sees in_progress, another body a mismatch', async () => {
      expect(await keys.begin(1, 'k-1', 'hash-a', T0)).toEqual({ state: 'new' });
      expect(await keys.begin(1, 'k-1', 'hash-a', after(1))).toEqual({ state: 'in_progress' });
      expect(await keys.begin(1, 'k-1', 'hash-b', after(1))).toEqual({ state: 'mismatch' });
      // Keys are per user.
      expect(await keys.begin(2, 'k-1', 'hash-b', after(1))).toEqual({ state: 'new' });
    });

    it('a completed request replays its status and body; a mismatch stays a mismatch', async () => {
      await keys.begin(1, 'k', 'h', T0);
      await keys.complete(1, 'k', 201, '{"id":7}');
      expect(await keys.begin(1, 'k', 'h', after(60_000))).toEqual({ state: 'done', status: 201, body: '{"id":7}' });
      expect(await keys.begin(1, 'k', 'other', after(60_000))).toEqual({ state: 'mismatch' });
      // A second complete (a confused caller) does not overwrite the stored answer.
      await keys.complete(1, 'k', 400, '{}');
      expect(await keys.begin(1, 'k', 'h', after(60_000))).toEqual({ state: 'done', status: 201, body: '{"id":7}' });
    });

    it('abandon forgets an unfinished record (5xx), so the key can be used again', async () => {
      await keys.begin(1, 'k', 'h', T0);
      await keys.abandon(1, 'k');
      expect(await keys.begin(1, 'k', 'other', after(1))).toEqual({ state: 'new' });
      await keys.complete(1, 'k', 200, 'ok');
      await keys.abandon(1, 'k'); // a finished record is not abandoned
      expect(await keys.begin(1, 'k', 'other', after(2))).toEqual({ state: 'done', status: 200, body: 'ok' });
    });

    it('records expire: answers after 24 h, unfinished ones after the in-progress timeout', async () => {
      await keys.begin(1, 'done', 'h', T0);
      await keys.complete(1, 'done', 201, 'x');
      expect(await keys.begin(1, 'done', 'h', after(IDEMPOTENCY_TTL_MS - 1))).toMatchObject({ state: 'done' });
      expect(await keys.begin(1, 'done', 'new-body', after(IDEMPOTENCY_TTL_MS))).toEqual({ state: 'new' });

      await keys.begin(1, 'stuck', 'h', T0);
      expect(await keys.begin(1, 'stuck', 'h', after(IDEMPOTENCY_IN_PROGRESS_TIMEOUT_MS - 1))).toEqual({ state: 'in_progress' });
      expect(await keys.begin(1, 'stuck', 'h', after(IDEMPOTENCY_IN_PROGRESS_TIMEOUT_MS))).toEqual({ state: 'new' });
    });

    it('prune deletes records created before the cut-off', async () => {
      await keys.begin(1, 'old', 'h', T0);
      await keys.begin(1, 'new', 'h', after(10_000));
      expect(await keys.prune(after(10_000))).toBe(1);
      expect(await keys.begin(1, 'old', 'other', after(20_000))).toEqual({ state: 'new' });
      expect(await keys.begin(1, 'new', 'other', after(20_000))).toEqual({ state: 'mismatch' });
    });

    it.skipIf(!options.openSecond)('two connections racing on one key: exactly one gets new, every time', async () => {
      const second = await options.openSecond!(store);
      opened.push(second);
      const other = idempotencyOf(second);
      for (let round = 0; round < 40; round++) {
        const key = `race-${round}`;
        const results = await Promise.all([
          keys.begin(9, key, 'h', T0),
          other.begin(9, key, 'h', T0),
          keys.begin(9, key, 'h', T0),
          other.begin(9, key, 'h', T0),
        ]);
        expect(results.filter((r) => r.state === 'new')).toHaveLength(1);
        expect(results.filter((r) => r.state === 'in_progress')).toHaveLength(3);
      }
    });
  });
}
