import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Runs every example through the one command the README gives for it (`pnpm <script>` at the
 * repository root), exactly as a user would on a fresh clone: the launcher, the TypeScript loader
 * and the workspace packages' source resolution included.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-examples-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** `pnpm <args>` with the pnpm running this suite, else pnpm 10 through npx. */
function pnpm(args: string[], env: Record<string, string> = {}) {
  const execpath = process.env.npm_execpath;
  const [cmd, argv] = execpath && /pnpm/u.test(execpath) ? [process.execPath, [execpath, ...args]] : ['npx', ['-y', 'pnpm@10', ...args]];
  // Its own process group, so stopping a server reaches pnpm, the launcher and node alike.
  const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    output: () => out,
    exited,
    /** Resolves with the first match of `pattern` in the output; rejects if the command ends first. */
    waitFor(pattern: RegExp): Promise<RegExpExecArray> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out);
          if (match) {
            child.stdout.off('data', check);
            resolve(match);
          }
        };
        child.stdout.on('data', check);
        void exited.then((code) => reject(new Error(`\`pnpm ${args.join(' ')}\` exited (${code}) before printing ${pattern}:\n${out}`)));
      });
    },
    async stop(): Promise<void> {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
      await exited;
    },
  };
}

// Each test starts Node through the launcher and pnpm (and the server its workers): allow for a loaded CI machine.
describe('every example runs with its one command', { timeout: 120_000 }, () => {
  it('pnpm example:in-memory creates, comments on and resolves a ticket, then prints its metrics and history', async () => {
    const run = pnpm(['example:in-memory']);
    expect(await run.exited, run.output()).toBe(0);
    expect(run.output()).toContain('TKT-000001: new → resolved');
    expect(run.output()).toMatch(/ticketNumber: 'TKT-000001'[\s\S]*status: 'resolved'[\s\S]*'comment_added'/u);
  });

  it('pnpm example:embedding serves the ticketing API inside the host app', async () => {
    const run = pnpm(['example:embedding'], { PORT: '0', HOST: '127.0.0.1' });
    try {
      const [, base] = await run.waitFor(/Host app on (http:\/\/[\d.]+:\d+)\//u);
      const response = await fetch(`${base}/support/api/tickets/`, { headers: { Cookie: 'session=agent-session' } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ count: 0, results: [] });
      expect((await fetch(`${base}/support/api/tickets/`)).status).toBe(401);
    } finally {
      await run.stop();
    }
  });

  it('pnpm start serves the standalone server and pnpm tessera manages it', async () => {
    const env = { PORT: '0', HOST: '127.0.0.1', TESSERA_DATA_DIR: dataDir };
    const run = pnpm(['start'], env);
    try {
      const [, base] = await run.waitFor(/listening on (http:\/\/[\d.]+:\d+)\//u);
      // Off a terminal the first token is only written to a 0600 file, never to stdout.
      const tokenFile = /token is in (\S+first-token\.txt)/u.exec(run.output())?.[1];
      expect(tokenFile, run.output()).toBeDefined();
      expect(run.output()).not.toMatch(/tsr_/u);
      const token = readFileSync(tokenFile!, 'utf8').trim();
      const response = await fetch(`${base}/api/ticketing/tickets/`, { headers: { Authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
    } finally {
      await run.stop();
    }
    const cli = pnpm(['tessera', '--help'], env);
    expect(await cli.exited, cli.output()).toBe(0);
    expect(cli.output()).toMatch(/usage/iu);
  });
});
