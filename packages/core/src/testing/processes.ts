import { spawn } from 'node:child_process';

/** A child process started by {@link startWorkerProcess}. */
export interface WorkerProcess {
  /** Resolves at the worker's first output line (it says it is ready). */
  readonly ready: Promise<void>;
  /** Releases a worker waiting for its start signal (a line on stdin). */
  go(): void;
  /** Resolves when the worker exits, with everything it wrote. */
  readonly exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
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
  const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { ready, exited, go: () => child.stdin.write('go\n') };
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
