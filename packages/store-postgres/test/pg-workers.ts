import { fileURLToPath } from 'node:url';
import { startWorkerProcess, type WorkerProcess } from '@tessera/core/testing';
import { PG_URL } from './pg-test-schema.js';

/** The repository root: workers run from it so that `tsx` and the workspace packages resolve. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The path of a worker script in `test/workers/`. */
export function workerScript(name: string): string {
  return fileURLToPath(new URL(`./workers/${name}`, import.meta.url));
}

/** Starts a worker script of `test/workers/` against the test database, with `env` on top of `PG_URL`. */
export function startPgWorker(name: string, env: Record<string, string>): WorkerProcess {
  return startWorkerProcess(workerScript(name), { cwd: REPO_ROOT, env: { PG_URL, ...env } });
}
