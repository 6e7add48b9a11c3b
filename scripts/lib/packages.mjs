// Helpers shared by the packaging checks: which packages are published, and packing them the way a
// release does (`pnpm pack` rewrites `workspace:*` to real versions; `npm pack` would keep it).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The workspace's publishable packages (packages/* that are not private), as { name, dir, manifest }. */
export function publishablePackages() {
  return readdirSync(join(root, 'packages'))
    .map((name) => join(root, 'packages', name))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => !manifest.private)
    .map(({ dir, manifest }) => ({ name: manifest.name, dir, manifest }));
}

/** Runs pnpm: the one running this script when there is one, else pnpm 10 through npx. */
export function pnpm(args, options = {}) {
  const execpath = process.env.npm_execpath;
  const [cmd, argv] = execpath && /pnpm/u.test(execpath) ? [process.execPath, [execpath, ...args]] : ['npx', ['-y', 'pnpm@10', ...args]];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...options });
}

/** Packs every publishable package into `dest`; returns [{ name, dir, tarball }]. Needs a build first. */
export function packAll(dest) {
  return publishablePackages().map((pkg) => {
    if (!existsSync(join(pkg.dir, 'dist'))) throw new Error(`${pkg.name} has no dist/: run \`pnpm build\` first`);
    const before = new Set(readdirSync(dest));
    pnpm(['pack', '--pack-destination', dest], { cwd: pkg.dir });
    const tarball = readdirSync(dest).find((f) => f.endsWith('.tgz') && !before.has(f));
    if (!tarball) throw new Error(`pnpm pack wrote no tarball for ${pkg.name}`);
    return { ...pkg, tarball: join(dest, tarball) };
  });
}
