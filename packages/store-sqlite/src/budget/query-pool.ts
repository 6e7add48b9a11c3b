import { Worker } from 'node:worker_threads';
import { QueryTimeoutError, StoreError } from '@tessera/core';
import { toStoreError } from '../errors.js';
import type { QueryWorkerData, WorkerOp, WorkerReply, WorkerRequest } from './protocol.js';

/** Options of {@link QueryPool}. */
export interface QueryPoolOptions extends QueryWorkerData {
  /** Budget of one query, in ms, from when it is submitted (or, before the workers are up, dispatched). */
  budgetMs: number;
  /** Most worker threads at once (each with one read-only connection). */
  size: number;
  /** A thread idle this long exits (ms); the next query starts one again. */
  idleMs?: number;
}

/** How long an idle thread is kept by default: a burst of searches reuses it, a quiet server frees it. */
const DEFAULT_IDLE_MS = 30_000;

/**
 * Young-generation limit of a thread, in MiB. A query allocates little on the JS side (compiling
 * the statement, one page of rows), and V8's default lets each thread's young generation grow
 * to tens of MiB under a steady stream of queries.
 */
const THREAD_YOUNG_GENERATION_MB = 4;

interface Job {
  op: WorkerOp;
  args: unknown[];
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout | undefined;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  jobId: number;
  /** Ends the thread once it has been idle for `idleMs`. */
  idleTimer: NodeJS.Timeout | undefined;
}

/**
 * The worker file next to this module: the TypeScript source when running from source (loaded
 * through tsx, as the workspace's tests and examples do), else the bundled `query-worker.js` /
 * `.cjs` beside the package's `index` bundle.
 */
function workerLocation(): { url: URL; execArgv?: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { url: new URL('./query-worker.ts', here), execArgv: ['--conditions=dev-source', '--import', 'tsx'] };
  return { url: new URL(here.endsWith('.cjs') ? './query-worker.cjs' : './query-worker.js', here) };
}

/**
 * Runs expensive reads on a few worker threads so the main thread (and every other request)
 * stays responsive while they run, and gives each a time budget: past it the caller gets a
 * {@link QueryTimeoutError} at once and the worker is terminated and replaced. better-sqlite3
 * offers no way to interrupt a running statement, so a terminated worker's statement runs to
 * its end in the background; at most `size` such workers exist at a time (past that, new
 * queries wait for a slot and time out in turn), so a flood of slow searches cannot grow the
 * thread count.
 *
 * Each thread is a V8 isolate that loads the store's code and opens its own connection (about
 * 25–30 MiB), so threads start only when a query finds every running one busy, and exit after
 * `idleMs` without work.
 */
export class QueryPool {
  readonly #options: QueryPoolOptions;
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  #retiring = 0;
  #nextId = 1;
  #closed = false;

  constructor(options: QueryPoolOptions) {
    this.#options = options;
  }

  /** Worker threads alive now (starting, busy or idle). */
  get threads(): number {
    return this.#slots.length;
  }

  /** Runs `op(...args)` on a worker within the budget. */
  run<R>(op: WorkerOp, args: unknown[]): Promise<R> {
    if (this.#closed) return Promise.reject(new StoreError('SQLite store: the store is closed.'));
    return new Promise<R>((resolve, reject) => {
      const job: Job = { op, args, resolve: resolve as (v: unknown) => void, reject, timer: undefined };
      // Before any worker is up (module loading), the budget starts at dispatch instead.
      if (this.#slots.some((s) => s.ready)) this.#startTimer(job);
      this.#queue.push(job);
      this.#fill();
      this.#dispatch();
    });
  }

  /** Terminates the workers; queued and running queries fail with a `StoreError`. */
  async close(): Promise<void> {
    this.#closed = true;
    const closed = new StoreError('SQLite store: the store is closed.');
    for (const job of this.#queue.splice(0)) this.#settle(job, closed);
    await Promise.all(
      this.#slots.splice(0).map((slot) => {
        clearTimeout(slot.idleTimer);
        if (slot.job) this.#settle(slot.job, closed);
        return slot.worker.terminate();
      }),
    );
  }

  #startTimer(job: Job): void {
    job.timer ??= setTimeout(() => this.#expire(job), this.#options.budgetMs);
  }

  #idle(slot: Slot): void {
    clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => {
      if (slot.job || !this.#slots.includes(slot)) return;
      this.#slots.splice(this.#slots.indexOf(slot), 1);
      slot.worker.removeAllListeners('message');
      void slot.worker.terminate();
    }, this.#options.idleMs ?? DEFAULT_IDLE_MS);
    slot.idleTimer.unref();
  }

  #settle(job: Job, error: unknown, value?: unknown): void {
    clearTimeout(job.timer);
    if (error === undefined) job.resolve(value);
    else job.reject(error);
  }

  #expire(job: Job): void {
    const queued = this.#queue.indexOf(job);
    if (queued >= 0) this.#queue.splice(queued, 1);
    const slot = this.#slots.find((s) => s.job === job);
    job.reject(new QueryTimeoutError(this.#options.budgetMs));
    if (slot) this.#retire(slot);
  }

  /** Takes a worker out of service; a replacement starts once the retiring count allows. */
  #retire(slot: Slot): void {
    this.#slots.splice(this.#slots.indexOf(slot), 1);
    clearTimeout(slot.idleTimer);
    slot.job = null;
    this.#retiring += 1;
    slot.worker.removeAllListeners('message');
    void slot.worker.terminate().finally(() => {
      this.#retiring -= 1;
      this.#fill();
      this.#dispatch();
    });
    this.#fill();
    this.#dispatch();
  }

  /**
   * Starts a worker for each queued query that no idle or starting worker will take, up to `size`
   * (retiring workers beyond the first `size` count against it).
   */
  #fill(): void {
    if (this.#closed) return;
    const allowed = this.#options.size - Math.max(0, this.#retiring - this.#options.size);
    const free = this.#slots.filter((s) => s.job === null).length;
    let wanted = this.#queue.length - free;
    while (wanted > 0 && this.#slots.length < allowed) {
      this.#slots.push(this.#spawn());
      wanted -= 1;
    }
  }

  #spawn(): Slot {
    const { url, execArgv } = workerLocation();
    const { filename, tablePrefix, busyTimeoutMs, cacheSizeKiB } = this.#options;
    const data: QueryWorkerData = { filename, tablePrefix, busyTimeoutMs, cacheSizeKiB };
    const worker = new Worker(url, {
      workerData: data,
      resourceLimits: { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB },
      ...(execArgv && { execArgv }),
    });
    worker.unref(); // an idle pool never keeps the process alive
    const slot: Slot = { worker, ready: false, job: null, jobId: 0, idleTimer: undefined };
    worker.on('message', (reply: WorkerReply | { ready: true }) => {
      if ('ready' in reply) {
        slot.ready = true;
        // Queries submitted while no worker was up start their budget now.
        for (const job of this.#queue) this.#startTimer(job);
        this.#dispatch();
        if (!slot.job) this.#idle(slot);
        return;
      }
      const job = slot.job;
      if (!job || reply.id !== slot.jobId) return;
      slot.job = null;
      slot.worker.unref();
      this.#idle(slot);
      if ('error' in reply) {
        const error = Object.assign(new Error(reply.error.message), { name: reply.error.name, code: reply.error.code });
        this.#settle(job, toStoreError(error, job.op));
      } else this.#settle(job, undefined, reply.result);
      this.#dispatch();
    });
    const fail = (error: unknown) => {
      if (!this.#slots.includes(slot)) return;
      this.#slots.splice(this.#slots.indexOf(slot), 1);
      clearTimeout(slot.idleTimer);
      if (slot.job) this.#settle(slot.job, toStoreError(error, slot.job.op));
      if (!slot.ready) {
        // It could not even start (file gone, loader missing): fail what waits; the next query retries.
        for (const job of this.#queue.splice(0)) this.#settle(job, toStoreError(error, job.op));
        return;
      }
      this.#fill();
      this.#dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`query worker exited (${code})`)));
    return slot;
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (!slot.ready || slot.job) continue;
      const job = this.#queue.shift();
      if (!job) return;
      this.#startTimer(job);
      clearTimeout(slot.idleTimer);
      slot.job = job;
      slot.jobId = this.#nextId++;
      const request: WorkerRequest = { id: slot.jobId, op: job.op, args: job.args };
      slot.worker.ref(); // a running query keeps the process alive until it answers
      slot.worker.postMessage(request);
    }
  }
}
