import { spawn } from 'node:child_process';

/** A child process started by {@link startWorkerProcess}. */
export interface WorkerProcess {
  /** Resolves at the worker's first output line (it says it is ready). */
  readonly ready: Promise<void>;
  /** Releases a worker waiting for its start signal (a line on stdin). */
  go(): void;
  /** Sends the worker a signal (`SIGKILL`: a crash it gets no chance to clean up after). */
  kill(signal: NodeJS.Signals): void;
  /** Resolves when the worker exits, with its exit code or the signal that ended it, and everything it wrote. */
  readonly exited: Promise<WorkerExit>;
}

/** How a worker process ended. */
export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts a TypeScript worker script in its own Node process (through `tsx`, reading workspace
 * packages from source), for tests where several processes share one database. `cwd` must be
 * where `tsx` resolves (the repository root).
 */
export function startWorkerProcess(script: string, options: { cwd: string; args?: string[]; env?: Record<string, string> }): WorkerProcess {
  const child = spawn(process.execPath, ['--conditions=dev-source', '--import', 'tsx', script, ...(options.args ?? [])], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  // A start signal sent to a worker that already exited finds its stdin closed: nothing to tell it.
  child.stdin.on('error', () => undefined);
  const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<WorkerExit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { ready, exited, go: () => child.stdin.write('go\n'), kill: (signal) => child.kill(signal) };
}

/** Worker side of {@link startWorkerProcess}: says ready, then waits for the start signal. */
export async function waitForStartSignal(): Promise<void> {
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
}

/** Worker side: writes the worker's result as its last output line, and stops reading stdin so the process can exit. */
export function reportResult(result: unknown): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.stdin.destroy();
}

/** The result a worker wrote last (see {@link reportResult}). */
export function resultOf<T>(stdout: string): T {
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
}

/** Resolves once `worker` is ready; rejects, with what it wrote on stderr, when it exits first. */
export function readyOrExit(worker: WorkerProcess): Promise<void> {
  return Promise.race([
    worker.ready,
    worker.exited.then(({ code, signal, stderr }) => {
      throw new Error(`worker exited before it was ready (${signal ?? code}): ${stderr}`);
    }),
  ]);
}

/**
 * Waits until every worker is ready or has exited, then gives the ready ones their start signal at
 * the same moment. (Waiting for all to be ready, or all to exit, hung when one failed at start-up
 * while the other waited for its signal.)
 */
export async function releaseTogether(workers: readonly WorkerProcess[]): Promise<void> {
  await Promise.all(workers.map((w) => Promise.race([w.ready, w.exited])));
  for (const w of workers) w.go();
}
