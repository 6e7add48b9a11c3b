import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The standalone package directory (the cwd of `pnpm start`). */
export const STANDALONE_DIR = fileURLToPath(new URL('..', import.meta.url));
const NODE_ARGS = ['--conditions=dev-source', '--import', 'tsx'];

/** A running standalone server process and what it printed. */
export interface RunningServer {
  child: ChildProcess;
  baseUrl: string;
  /** The first staff user's token, written to `<data>/first-token.txt` on first start. */
  token: string | null;
  output: () => string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

function firstToken(dataDir: string): string {
  return readFileSync(join(dataDir, 'first-token.txt'), 'utf8').trim();
}

/** Starts `src/main.ts` on a random loopback port (two workers unless `env` says otherwise) and waits for its "listening" line. */
export function startServer(env: Record<string, string>, args: string[] = []): Promise<RunningServer> {
  const child = spawn(process.execPath, [...NODE_ARGS, 'src/main.ts', ...args], {
    cwd: STANDALONE_DIR,
    // Two workers whatever the machine's core count: the multi-process path, at a bounded cost.
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', TESSERA_WORKERS: '2', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const listening = /listening on (http:\/\/[\d.]+:\d+)\//u.exec(out);
      if (listening) {
        child.stdout!.off('data', onData);
        child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
        resolve({
          child,
          baseUrl: listening[1]!,
          token: out.includes('Created staff user') ? firstToken(env.TESSERA_DATA_DIR ?? join(STANDALONE_DIR, 'data')) : null,
          output: () => out,
          stop: (signal = 'SIGTERM') => {
            if (child.exitCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

/** Runs the CLI (`pnpm tessera …`) to completion and returns its output; `input` is piped to its stdin. */
export function runCli(env: Record<string, string>, args: string[], input?: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [...NODE_ARGS, 'src/cli.ts', ...args], {
    cwd: STANDALONE_DIR,
    env: { ...process.env, ...env },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (input !== undefined) child.stdin!.end(input);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}
