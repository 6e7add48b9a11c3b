// Checks that better-sqlite3 (Tessera's one native module) loads under the running Node, once per
// Node ABI and installed copy. better-sqlite3 13 loads an N-API prebuild that works on every
// Node >= 22, but a copy compiled from source (its build/ directory) or an older copy left by a
// previous install is tied to the Node that built it. On a mismatch this moves a stale compiled
// build aside (the prebuild takes over) or prints exactly what to run.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FLOOR = 22;

const major = Number(process.versions.node.split('.')[0]);
if (major < FLOOR) {
  console.error(`tessera: Node ${process.version} is older than ${FLOOR}; run the project's scripts through \`npx -y pnpm@10 <script>\` (scripts/with-node.sh brings Node ${FLOOR})`);
  process.exit(1);
}

const from = existsSync(join(root, 'packages/store-sqlite/package.json')) ? join(root, 'packages/store-sqlite/package.json') : join(root, 'package.json');
let entry;
try {
  entry = createRequire(from).resolve('better-sqlite3');
} catch {
  process.exit(0); // not installed yet (e.g. during the first install): nothing to check
}
const pkgDir = realpathSync(join(dirname(entry), '..'));
const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const key = createHash('sha1').update(`${process.versions.modules}|${process.versions.napi}|${pkgDir}|${version}|${existsSync(join(pkgDir, 'build'))}`).digest('hex').slice(0, 16);
const stampDir = join(root, 'node_modules/.cache/tessera');
const stamp = join(stampDir, `native-${key}`);
if (existsSync(stamp)) process.exit(0);

function load() {
  // A fresh require each time: a failed native load is not cached, a successful one is.
  const Database = createRequire(from)('better-sqlite3');
  const db = new Database(':memory:');
  db.prepare('select 1').get();
  db.close();
}

const isAbiError = (error) => /NODE_MODULE_VERSION|ERR_DLOPEN_FAILED|invalid ELF|undefined symbol|was compiled against/u.test(`${error?.code} ${error?.message}`);

try {
  load();
} catch (error) {
  const build = join(pkgDir, 'build');
  if (isAbiError(error) && existsSync(build)) {
    const aside = `${build}.stale-${Date.now()}`;
    renameSync(build, aside);
    console.error(`tessera: better-sqlite3's compiled build was made for another Node; moved it to ${aside} (the N-API prebuild is used instead)`);
    try {
      load();
    } catch (retry) {
      fail(retry);
    }
  } else {
    fail(error);
  }
}
mkdirSync(stampDir, { recursive: true });
writeFileSync(stamp, JSON.stringify({ node: process.version, modules: process.versions.modules, napi: process.versions.napi, betterSqlite3: version, path: pkgDir }) + '\n');

function fail(error) {
  console.error(`tessera: better-sqlite3 ${version} (${pkgDir}) cannot be loaded by Node ${process.version} (ABI ${process.versions.modules}):`);
  console.error(`  ${String(error?.message ?? error).split('\n')[0]}`);
  console.error('  It was installed for another Node. From the repository root run:');
  console.error('    rm -rf node_modules && npx -y pnpm@10 install');
  process.exit(1);
}
