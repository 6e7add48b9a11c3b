import { AsyncResource } from 'node:async_hooks';
import type { TicketStoreTx } from '@tessera/core';
import type { ConnectionLock } from './lock.js';

/** At most this many transactions share one commit, so reads queued behind a batch wait for a bounded time. */
const MAX_BATCH = 64;
/** After a wait for joiners that gathered nobody, batches commit at once; every this many, one waits again. */
const PROBE_EVERY = 4;

/** What {@link createWriteBatcher} needs from the store: the connection's statements and lock. */
export interface WriteBatchConnection {
  readonly lock: ConnectionLock;
  /** Throws when the store cannot be used (closed, not migrated). */
  checkUsable(): void;
  /** `BEGIN IMMEDIATE`, `COMMIT`, `ROLLBACK` (a no-op outside a transaction), and the savepoint statements. */
  begin(): void;
  commit(): void;
  rollback(): void;
  savepoint(): void;
  releaseSavepoint(): void;
  rollbackToSavepoint(): void;
  /** Whether SQLite still has the transaction open (an I/O error can roll it back by itself). */
  inTransaction(): boolean;
  /** A `tx` handle that works while `isOpen()` holds. */
  handle(isOpen: () => boolean): TicketStoreTx;
}

interface Entry {
  run(tx: TicketStoreTx): Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit for one connection. The durable part of a small write transaction is its COMMIT
 * (WAL pages, the search index's new segment: ≈ 0.6 ms of a ≈ 1 ms create), and a process with
 * many requests in flight queues its transactions behind the open one anyway. So transactions
 * that arrive while one runs — or during the one event-loop turn a batch waits before its COMMIT
 * while such waits keep gathering joiners — join it: each runs in turn in its own SAVEPOINT (a failure undoes
 * its writes alone and rejects its caller), and one COMMIT makes them all durable before any of
 * them resolves — every caller still sees "committed" only once it is. A transaction that runs
 * alone pays nothing extra (no savepoint). A joiner's function runs in its caller's async
 * context, not the leader's.
 *
 * @returns `transaction(fn)` with the port's semantics.
 */
export function createWriteBatcher(c: WriteBatchConnection) {
  // The newest batch, while it still takes entries: from its first transaction's call (its
  // leader may still wait for the connection) until its COMMIT starts.
  let forming: Entry[] | null = null;
  const stopForming = (entries: Entry[]) => {
    if (forming === entries) forming = null;
  };

  // A batch's leader runs in its first caller's async context already; a joiner's function is
  // bound to its own caller's.
  function enqueue<T>(into: Entry[], fn: (tx: TicketStoreTx) => Promise<T>, joining: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      into.push({ run: joining ? AsyncResource.bind(fn) : fn, resolve: resolve as (v: unknown) => void, reject });
    });
  }

  // Whether to wait one turn of the event loop before COMMIT, so that writers whose requests are
  // still in flight (reading the body, their people, …) can join: a batch otherwise finishes
  // within the microtasks of one turn, before any other request reaches `transaction`. The wait
  // pays off in a busy server and never for one caller awaiting each write in turn, so batches
  // wait while the last batch's waits gathered someone, and otherwise once every PROBE_EVERY.
  let gathering = true;
  let sinceProbe = 0;
  const shouldWait = (size: number) => {
    if (size >= MAX_BATCH) return false;
    if (gathering) return true;
    if (++sinceProbe < PROBE_EVERY) return false;
    sinceProbe = 0;
    return true;
  };

  async function lead(entries: Entry[]): Promise<void> {
    await c.lock.acquire();
    const done: Array<[Entry, unknown]> = [];
    // BEGIN only when an entry is about to run: a lone transaction that fails leaves no empty
    // transaction behind to commit.
    let open = false;
    try {
      c.checkUsable(); // the store may have been closed while this call waited
      // The transaction holds only the writes of `done`; the first entry needs no savepoint:
      // when it fails, rolling back the whole transaction undoes its writes alone.
      let waited = false;
      let gathered = false;
      for (let i = 0; ; i++) {
        if (i === entries.length) {
          if (!open || !shouldWait(entries.length)) break;
          waited = true;
          await new Promise(setImmediate);
          if (entries.length === i) break;
          gathered = true;
        }
        const entry = entries[i]!;
        if (!open) {
          c.begin();
          open = true;
        }
        const alone = done.length === 0;
        if (!alone) c.savepoint();
        // Each entry gets a handle of its own, closed once its turn ends.
        let current = true;
        try {
          const value = await entry.run(c.handle(() => current));
          current = false;
          if (!alone) c.releaseSavepoint();
          done.push([entry, value]);
        } catch (error) {
          current = false;
          entry.reject(error);
          if (!c.inTransaction()) {
            // SQLite rolled everything back (I/O error, full disk): the earlier entries' writes are gone too.
            for (const [earlier] of done.splice(0)) earlier.reject(error);
            open = false;
          } else if (alone) {
            c.rollback();
            open = false;
          } else {
            c.rollbackToSavepoint();
            c.releaseSavepoint();
          }
        }
      }
      // A batch that gathered joiners ends with a fruitless wait; the next one should wait too.
      if (waited) gathering = gathered;
      stopForming(entries);
      if (!open) return;
      try {
        c.commit();
      } catch (error) {
        c.rollback();
        for (const [entry] of done) entry.reject(error);
        return;
      }
      for (const [entry, value] of done) entry.resolve(value);
    } catch (error) {
      // BEGIN failed, or the store is unusable: nothing of this batch was committed (a settled
      // entry ignores the second rejection).
      stopForming(entries);
      c.rollback();
      for (const entry of entries) entry.reject(error);
    } finally {
      stopForming(entries);
      c.lock.release();
    }
  }

  return function transaction<T>(fn: (tx: TicketStoreTx) => Promise<T>): Promise<T> {
    try {
      c.checkUsable();
    } catch (error) {
      return Promise.reject(error);
    }
    if (forming && forming.length < MAX_BATCH) return enqueue(forming, fn, true);
    const entries: Entry[] = [];
    const result = enqueue(entries, fn, false);
    forming = entries;
    void lead(entries);
    return result;
  };
}
