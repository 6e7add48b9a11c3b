import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { releaseTogether, startWorkerProcess } from '../src/testing/processes.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tessera-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const script = (name: string, body: string) => {
  const file = join(dir, name);
  writeFileSync(file, body);
  return file;
};

describe('worker processes', () => {
  it('releaseTogether returns when one worker fails at start-up while the other waits for its signal', async () => {
    const failing = startWorkerProcess(script('fail.mjs', `process.stderr.write('cannot open'); process.exit(3);`), { cwd: root });
    const waiting = startWorkerProcess(
      script('wait.mjs', `process.stdout.write('ready\\n'); process.stdin.once('data', () => { process.stdout.write('went\\n'); process.stdin.destroy(); });`),
      { cwd: root },
    );
    await releaseTogether([failing, waiting]);
    expect(await failing.exited).toMatchObject({ code: 3, stderr: 'cannot open' });
    expect(await waiting.exited).toMatchObject({ code: 0, stdout: 'ready\nwent\n' });
  }, 30_000);
});
