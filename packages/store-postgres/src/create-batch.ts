import { AsyncResource } from 'node:async_hooks';
import { CompiledQuery, type Kysely } from 'kysely';
import type { TicketStoreTx } from '@tessera/core';
import { refusedByServer } from './errors.js';
import { WriteBehindTransaction } from './write-behind.js';

/** At most this many creates share one transaction, so a batch (and what waits behind it) stays short. */
const MAX_BATCH = 64;
const BEGIN = CompiledQuery.raw('begin');
const ROLLBACK = CompiledQuery.raw('rollback');

/** A ticket number and the id its ticket gets, drawn together under the counter lock. */
export interface Allocation {
  sequence: number;
  id: number;
}

/** What {@link createCreateBatcher} needs from the store. */
export interface CreateBatchSetup {
  db: Kysely<unknown>;
  /** Draws `count` numbers and ids in one statement without parameters (see `allocationSql`). */
  allocation(count: number): CompiledQuery;
  /** A `tx` handle on the batch's transaction that draws numbers through `allocate`. */
  handle(conn: Kysely<unknown>, wb: WriteBehindTransaction, allocate: () => Promise<Allocation>, isOpen: () => boolean): TicketStoreTx;
  /** Runs `fn` in a transaction of its own: how a create is run again after its batch failed. */
  alone<T>(fn: (tx: TicketStoreTx) => Promise<T>): Promise<T>;
}

interface Outcome {
  ok: boolean;
  value?: unknown;
  error?: unknown;
}

interface Entry {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** Runs the caller's `fn` again on its own, in the caller's async context. */
  again(): void;
  outcome?: Outcome;
}

/** One pooled connection, held from a batch's start until its transaction ends. */
interface HeldConnection {
  conn: Kysely<unknown>;
  wb: WriteBehindTransaction;
  release(): Promise<void>;
}

/** Takes a connection from the pool and keeps it until `release()`. */
async function holdConnection(db: Kysely<unknown>): Promise<HeldConnection> {
  let letGo!: () => void;
  let connected!: (conn: Kysely<unknown>) => void;
  let failed!: (error: unknown) => void;
  const got = new Promise<Kysely<unknown>>((resolve, reject) => {
    connected = resolve;
    failed = reject;
  });
  const finished = db.connection().execute((conn) => {
    connected(conn);
    return new Promise<void>((resolve) => (letGo = resolve));
  });
  finished.catch(failed);
  const conn = await got;
  const wb = new WriteBehindTransaction(conn);
  wb.defer(BEGIN); // sent ahead of the first statement
  return { conn, wb, release: () => (letGo(), finished) };
}

/**
 * Group commit for ticket creates. Gapless numbering holds the counter row from a create's
 * allocation until its COMMIT, so creators in every process wait for one another's WAL flush: one
 * create per flush, a few hundred per second whatever the number of clients. Here the creates of
 * one process that arrive while a batch runs join it: their functions run side by side on the
 * batch's connection in one transaction, numbers asked for at once are drawn in one statement,
 * and every create's INSERTs go out with the one COMMIT. A create running alone costs what an
 * ungrouped one does: two messages.
 *
 * Each caller still hears "committed" only once it is. When a create of a batch of several fails,
 * the transaction rolls back and every create of the batch runs again, each in a transaction of
 * its own (the port allows a store to re-run `fn`): the failing one then fails alone, with its
 * own error, and the others commit, so numbers stay gapless and a failure stays its caller's. (A
 * create alone in its batch reports its error at once.) The same holds when
 * a deferred INSERT fails at COMMIT. When the COMMIT itself is lost with the connection, whether
 * it took effect is unknown: every create of the batch reports the error.
 *
 * @returns `transaction(fn)` for creates.
 */
export function createCreateBatcher(setup: CreateBatchSetup) {
  // The batch new creates join: from its first create until its last function settles.
  let forming: ReturnType<typeof startBatch> | null = null;

  function startBatch() {
    const entries: Entry[] = [];
    let running = 0;
    const held = holdConnection(setup.db);
    held.catch(() => undefined); // each entry sees the failure through its own call

    // Numbers asked for while a draw is in flight are drawn together by the next one.
    let wanted: Array<{ resolve(a: Allocation): void; reject(e: unknown): void }> = [];
    let drawing = false;
    const allocate = () =>
      new Promise<Allocation>((resolve, reject) => {
        wanted.push({ resolve, reject });
        if (!drawing) void draw();
      });
    async function draw(): Promise<void> {
      drawing = true;
      try {
        const { wb } = await held;
        while (wanted.length > 0) {
          const requests = wanted;
          wanted = [];
          try {
            const rows = await wb.run.rows<{ sequence: number | string; ticket_id: number | string }>(setup.allocation(requests.length));
            if (rows.length !== requests.length) throw new Error('the ticket sequence row is missing (database not migrated?)');
            // Ids drawn under the counter lock follow the numbers.
            const sequences = rows.map((r) => Number(r.sequence)).sort((a, b) => a - b);
            const ids = rows.map((r) => Number(r.ticket_id)).sort((a, b) => a - b);
            requests.forEach((request, i) => request.resolve({ sequence: sequences[i]!, id: ids[i]! }));
          } catch (error) {
            for (const request of requests) request.reject(error);
          }
        }
      } catch (error) {
        for (const request of wanted.splice(0)) request.reject(error);
      } finally {
        drawing = false;
      }
    }

    async function finish(): Promise<void> {
      if (forming === batch) forming = null;
      let connection: HeldConnection;
      try {
        connection = await held;
      } catch (error) {
        for (const entry of entries) entry.reject(error);
        return;
      }
      const { conn, wb } = connection;
      const rollback = async () => {
        wb.discard();
        await conn.executeQuery(ROLLBACK).catch(() => undefined);
      };
      try {
        if (entries.every((entry) => entry.outcome?.ok)) {
          try {
            await wb.commit();
          } catch (error) {
            await rollback();
            // The server refused a deferred INSERT: none committed, and each runs alone to find
            // out whose it was. Otherwise (connection lost) nobody knows: all report it.
            for (const entry of entries) {
              if (refusedByServer(error) && entries.length > 1) entry.again();
              else entry.reject(error);
            }
            return;
          }
          for (const entry of entries) entry.resolve(entry.outcome!.value);
          return;
        }
        // One failed. Which statement failed for whom is not reliable (a read sends the others'
        // queued INSERTs first; after a failed statement the rest only see an aborted
        // transaction), so nobody reports what happened here: each runs again on its own.
        await rollback();
        const [only] = entries;
        if (entries.length === 1) only!.reject(only!.outcome!.error);
        else for (const entry of entries) entry.again();
      } finally {
        await connection.release();
      }
    }

    const batch = {
      get size() {
        return entries.length;
      },
      add<T>(fn: (tx: TicketStoreTx) => Promise<T>): Promise<T> {
        return new Promise<T>((resolve, reject) => {
          const entry: Entry = {
            resolve: resolve as (value: unknown) => void,
            reject,
            again: AsyncResource.bind(() => setup.alone(fn).then(resolve, reject)),
          };
          entries.push(entry);
          running++;
          let open = true;
          // Runs in the caller's async context: the continuation is created here.
          held
            .then(({ conn, wb }) => fn(setup.handle(conn, wb, allocate, () => open)))
            .then(
              (value) => (entry.outcome = { ok: true, value }),
              (error: unknown) => (entry.outcome = { ok: false, error }),
            )
            .finally(() => {
              open = false;
              if (--running === 0) void finish();
            });
        });
      },
    };
    return batch;
  }

  return function transaction<T>(fn: (tx: TicketStoreTx) => Promise<T>): Promise<T> {
    if (!forming || forming.size >= MAX_BATCH) forming = startBatch();
    return forming.add(fn);
  };
}
