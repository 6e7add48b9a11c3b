// Lints what would be published: packs every publishable package and runs publint (strict) and
// @arethetypeswrong/cli on each tarball. Run after `pnpm build`: `pnpm lint:packages`.
//
// attw profile: every entry point must resolve under node10, node16 (CJS and ESM) and bundler,
// except the `./testing` entries of core and webhooks, which are ESM only on purpose (it imports vitest, which cannot be
// require()d); those entries are checked with attw's `esm-only` profile.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packAll, root } from './lib/packages.mjs';

/** Entry points checked with the `esm-only` profile, per package. */
const ESM_ONLY_ENTRIES = { '@tessera/core': ['./testing'], '@tessera/webhooks': ['./testing'] };

const bin = (name) => join(root, 'node_modules/.bin', name);
const dest = mkdtempSync(join(tmpdir(), 'tessera-pack-'));
let failures = 0;
const check = (label, cmd, args) => {
  try {
    execFileSync(cmd, args, { stdio: 'inherit' });
    console.log(`ok   ${label}`);
  } catch {
    failures += 1;
    console.log(`FAIL ${label}`);
  }
};
try {
  for (const pkg of packAll(dest)) {
    check(`publint ${pkg.name}`, bin('publint'), ['run', pkg.tarball, '--strict']);
    const esmOnly = ESM_ONLY_ENTRIES[pkg.name] ?? [];
    const attw = [pkg.tarball, '--format', 'ascii'];
    check(`attw ${pkg.name}`, bin('attw'), [...attw, ...(esmOnly.length ? ['--exclude-entrypoints', ...esmOnly] : [])]);
    if (esmOnly.length) check(`attw ${pkg.name} ${esmOnly.join(' ')} (esm-only)`, bin('attw'), [...attw, '--entrypoints', ...esmOnly, '--profile', 'esm-only']);
  }
} finally {
  rmSync(dest, { recursive: true, force: true });
}
console.log(failures ? `lint-packages: ${failures} check(s) failed` : 'lint-packages: all packages pass publint and attw');
process.exit(failures ? 1 : 0);
