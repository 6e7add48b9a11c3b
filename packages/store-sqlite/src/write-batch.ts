import { AsyncResource } from 'node:async_hooks';
import type { TicketStoreTx } from '@tessera/core';
import type { ConnectionLock } from './lock.js';

/** At most this many transactions share one commit, so a batch (and what waits behind it) stays short. */
const MAX_BATCH = 64;
/** After a wait for joiners that gathered nobody, batches commit at once; every this many, one waits again. */
const PROBE_EVERY = 4;

/** What {@link createWriteBatcher} needs from the store: the connection's statements and lock. */
export interface WriteBatchConnection {
  readonly lock: ConnectionLock;
  /** Throws when the store cannot be used (closed, not migrated). */
  checkUsable(): void;
  /**
   * `BEGIN IMMEDIATE` (resolving once the write lock is this connection's), `COMMIT`, `ROLLBACK`
   * (a no-op outside a transaction), and the savepoint statements.
   */
  begin(): Promise<void>;
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
 * that arrive while one runs — or during the event-loop turns a batch waits for them before it
 * begins (see `gather`) — join it: each runs in turn in its own SAVEPOINT (a failure undoes its
 * writes alone and rejects its caller), and one COMMIT makes them all durable before any of
 * them resolves — every caller still sees "committed" only once it is. A transaction that runs
 * alone takes no savepoint. A joiner's function runs in its caller's async
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

  // Whether a batch first waits a turn of the event loop for writers whose requests are still in
  // flight (reading the body, their people, …): without the wait a batch runs and commits within
  // the microtasks of one turn, before any other request reaches `transaction`. It waits before
  // BEGIN, so other processes can write meanwhile, and goes on waiting while each turn brings
  // someone (up to MAX_BATCH). Waiting pays off in a busy server and never for one caller awaiting
  // each write in turn, so batches wait while the last wait gathered someone, and otherwise once
  // every PROBE_EVERY.
  let gathering = true;
  let sinceProbe = 0;
  const shouldWait = () => {
    if (gathering) return true;
    if (++sinceProbe < PROBE_EVERY) return false;
    sinceProbe = 0;
    return true;
  };
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

  /** Waits turns while they bring joiners; records whether any did. */
  async function gather(entries: Entry[]): Promise<void> {
    if (entries.length >= MAX_BATCH || !shouldWait()) return;
    const first = entries.length;
    let before: number;
    do {
      before = entries.length;
      await turn();
    } while (entries.length > before && entries.length < MAX_BATCH);
    gathering = entries.length > first;
  }

  async function lead(entries: Entry[]): Promise<void> {
    await c.lock.acquire();
    const done: Array<[Entry, unknown]> = [];
    // BEGIN only when an entry is about to run: a lone transaction that fails leaves no empty
    // transaction behind to commit.
    let open = false;
    try {
      await gather(entries);
      c.checkUsable(); // the store may have been closed while this call waited
      // The transaction holds only the writes of `done`; the first entry needs no savepoint:
      // when it fails, rolling back the whole transaction undoes its writes alone. Writers that
      // arrive while it runs join at the end of `entries`.
      for (let i = 0; i < entries.length; i++) {
        const entry = entries[i]!;
        if (!open) {
          // While another process writes, this waits on timers: requests arriving meanwhile
          // join `entries` and share this transaction's commit.
          await c.begin();
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
