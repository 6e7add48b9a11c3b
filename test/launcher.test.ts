import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const realBetterSqlite = join(dirname(createRequire(join(ROOT, 'packages/store-sqlite/package.json')).resolve('better-sqlite3')), '..');
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A throwaway project: the check script and a copy of better-sqlite3 (prebuild for this platform only). */
function project(): { root: string; pkg: string } {
  const root = mkdtempSync(join(tmpdir(), 'tessera-native-'));
  dirs.push(root);
  mkdirSync(join(root, 'scripts'));
  cpSync(join(ROOT, 'scripts/check-native.mjs'), join(root, 'scripts/check-native.mjs'));
  writeFileSync(join(root, 'package.json'), '{"name":"p","private":true}');
  const pkg = join(root, 'node_modules/better-sqlite3');
  for (const part of ['package.json', 'lib', 'prebuilds']) cpSync(join(realBetterSqlite, part), join(pkg, part), { recursive: true });
  return { root, pkg };
}
const check = (root: string) => spawnSync(process.execPath, [join(root, 'scripts/check-native.mjs')], { encoding: 'utf8' });

describe('scripts/with-node.sh', () => {
  it('runs the command on Node 22 or newer, whatever the system node is', () => {
    const version = execFileSync('sh', [join(ROOT, 'scripts/with-node.sh'), 'node', '-p', 'process.versions.node'], { encoding: 'utf8' });
    expect(Number(version.trim().split('.')[0])).toBeGreaterThanOrEqual(22);
  });
});

describe('scripts/check-native.mjs', () => {
  it('moves aside a compiled build that this Node cannot load, falls back to the prebuild, and remembers the result', () => {
    const { root, pkg } = project();
    mkdirSync(join(pkg, 'build/Release'), { recursive: true });
    writeFileSync(join(pkg, 'build/Release/better_sqlite3.node'), 'compiled for another Node');
    const first = check(root);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/compiled build was made for another Node; moved it to/u);
    expect(existsSync(join(pkg, 'build'))).toBe(false);
    expect(readdirSync(pkg).some((f) => f.startsWith('build.stale-'))).toBe(true);
    expect(readdirSync(join(root, 'node_modules/.cache/tessera')).some((f) => f.startsWith('native-'))).toBe(true);
    const again = check(root);
    expect([again.status, again.stderr]).toEqual([0, '']);
  });

  it('stops with the exact commands to run when better-sqlite3 cannot be loaded at all', () => {
    const { root, pkg } = project();
    rmSync(join(pkg, 'prebuilds'), { recursive: true });
    const result = check(root);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('cannot be loaded by Node');
    expect(result.stderr).toContain('rm -rf node_modules && npx -y pnpm@10 install');
  });
});
