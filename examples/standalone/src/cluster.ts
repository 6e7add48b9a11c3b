import cluster, { type Worker } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { describeDatabase, type ServerConfig } from './config.js';
import { prepareDatabase, probePort, serve } from './serve.js';
import { openStore } from './store.js';

/** Messages a worker sends its primary. */
type WorkerMessage = { tessera: 'ready'; address: AddressInfo } | { tessera: 'fatal'; message: string };

/** A worker that ran this long before dying is restarted without delay growth (its crash count resets). */
const STABLE_AFTER_MS = 30_000;
const FIRST_RESTART_DELAY_MS = 250;
const MAX_RESTART_DELAY_MS = 15_000;
/** The primary's own limit; each worker gives its in-flight requests 10 s. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

/** Delay before restarting a worker that crashed `crashes` times in a row: 250 ms, doubling, at most 15 s. */
export function restartDelayMs(crashes: number): number {
  return Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** Math.max(0, crashes - 1));
}

/**
 * Runs in a forked worker: binds the shared port (node:cluster hands connections out round-robin
 * from the primary), opens the already migrated store, and serves. Startup errors go to the
 * primary as one line instead of a stack trace per worker.
 */
export async function runWorker(config: ServerConfig): Promise<void> {
  const send = (message: WorkerMessage, then?: () => void) => process.send?.(message, undefined, {}, then);
  try {
    await serve(config, { primary: false, demo: false, onReady: (address) => send({ tessera: 'ready', address }) });
  } catch (error) {
    // Leave once the message is through the IPC channel.
    send({ tessera: 'fatal', message: error instanceof Error ? error.message : String(error) }, () => process.exit(1));
  }
}

/**
 * The primary of `config.workers` processes: checks the port, migrates, runs first-start work
 * (first staff user, session secret, `--demo` data) exactly once — announcing the first user once
 * the workers listen — closes its store, then forks
 * the workers and supervises them. A worker that dies is replaced after a growing delay; a
 * worker that cannot start at all stops the server (exit 1). SIGTERM/SIGINT are passed on to
 * every worker, and the primary exits 0 once all of them stopped cleanly.
 */
export async function runPrimary(config: ServerConfig, demo: boolean): Promise<void> {
  await probePort(config);
  const store = await openStore(config);
  // The first user's announcement ends with a curl to try: it is printed once the workers listen.
  const announcement: string[] = [];
  try {
    await prepareDatabase(config, store, demo, (text) => announcement.push(text));
  } finally {
    await store.close();
  }

  const slots = Array.from({ length: config.workers }, () => ({ crashes: 0, startedAt: 0, worker: null as Worker | null, timer: null as NodeJS.Timeout | null }));
  let announced = false;
  let readyCount = 0;
  let stopping = false;
  let failed = false;
  const live = () => slots.filter((slot) => slot.worker !== null).length;
  const finish = () => {
    if (live() > 0) return;
    if (!failed) console.log('Workers stopped. Database closed. Bye.');
    process.exit(failed ? 1 : 0);
  };
  const stop = (reason: string | null) => {
    if (stopping) return;
    stopping = true;
    if (reason) console.log(`${reason}: stopping ${live()} worker${live() === 1 ? '' : 's'}, finishing in-flight requests...`);
    for (const slot of slots) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      // A direct signal runs the worker's own graceful shutdown (cluster's worker.kill() would
      // disconnect first and drop the IPC channel the worker reports on).
      if (slot.worker?.process.pid) slot.worker.process.kill('SIGTERM');
    }
    setTimeout(() => {
      console.error(`Shutdown timed out after ${SHUTDOWN_TIMEOUT_MS / 1000} s; killing the remaining workers.`);
      for (const slot of slots) slot.worker?.process.kill('SIGKILL');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    finish();
  };

  const fork = (index: number) => {
    const slot = slots[index]!;
    slot.timer = null;
    const worker = cluster.fork();
    slot.worker = worker;
    slot.startedAt = Date.now();
    let ready = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message?.tessera === 'ready') {
        ready = true;
        if (!announced && ++readyCount === config.workers) {
          announced = true;
          for (const text of announcement) console.log(text);
          console.log(
            `Tessera listening on http://${message.address.address}:${message.address.port}/ (API at /api/ticketing/, admin at /admin/ticketing/, ${describeDatabase(config)}, ${config.workers} workers)`,
          );
        } else if (announced) {
          console.log(`Worker ${worker.process.pid} serving.`);
        }
      } else if (message?.tessera === 'fatal') {
        console.error(message.message);
        // Before the server ever served, a worker that cannot start means none will: stop.
        if (!announced) {
          failed = true;
          stop(null);
        }
      }
    });
    worker.on('exit', (code, signal) => {
      slot.worker = null;
      if (stopping) {
        // Killed by the signal passed on: a worker still starting has no handler yet, nothing to finish.
        if (code !== 0 && signal !== 'SIGTERM' && signal !== 'SIGINT') failed = true;
        finish();
        return;
      }
      if (!announced && !ready) {
        // Died while the server was starting (and said nothing): the next one would too.
        console.error(`Worker ${worker.process.pid} exited during startup (${signal ?? `code ${code}`}).`);
        failed = true;
        stop(null);
        return;
      }
      slot.crashes = Date.now() - slot.startedAt >= STABLE_AFTER_MS ? 1 : slot.crashes + 1;
      const delay = restartDelayMs(slot.crashes);
      console.error(`Worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting a new one in ${delay} ms.`);
      slot.timer = setTimeout(() => fork(index), delay);
    });
  };

  process.on('SIGTERM', () => stop('SIGTERM received'));
  process.on('SIGINT', () => stop('SIGINT received'));
  for (let i = 0; i < slots.length; i += 1) fork(i);
}

/** True in a process forked by {@link runPrimary}. */
export const isWorker = cluster.isWorker;
