// Consumer smoke test: what a user of the published packages gets. Packs every publishable
// package (`pnpm pack`, as a release does), installs the tarballs with npm into a fresh project
// next to the peers a host brings (hono, zod, kysely, pg, better-sqlite3; the @types peers must
// arrive on their own), then:
//   1. imports every package as ESM and uses it (SQLite store, service, router in the host's Hono app);
//   2. does the same through require() (CJS);
//   3. typechecks a consumer (ESM .ts and CJS .cts) with `skipLibCheck: false` under NodeNext.
// Needs a build first: `pnpm build && pnpm smoke:consumer`. Set TESSERA_KEEP_SMOKE=1 to keep the project.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packAll, root } from './lib/packages.mjs';

const project = mkdtempSync(join(tmpdir(), 'tessera-consumer-'));
const write = (file, text) => writeFileSync(join(project, file), text.trimStart());
const run = (label, cmd, args) => {
  const started = Date.now();
  process.stdout.write(`consumer: ${label} … `);
  try {
    const out = execFileSync(cmd, args, { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    console.log(`ok (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    if (out.trim()) console.log(out.trim().replace(/^/gmu, '  '));
  } catch (error) {
    console.log('FAILED');
    console.log(`${error.stdout ?? ''}${error.stderr ?? error.message}`.trim().replace(/^/gmu, '  '));
    throw new Error(`consumer smoke test failed at: ${label}`);
  }
};

let ok = false;
try {
  mkdirSync(join(project, 'tarballs'));
  const packs = packAll(join(project, 'tarballs'));
  const rootManifest = JSON.parse(execFileSync(process.execPath, ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: root, encoding: 'utf8' }));
  const dev = rootManifest.devDependencies;
  const fileDeps = Object.fromEntries(packs.map((p) => [p.name, `file:${p.tarball}`]));
  write('package.json', JSON.stringify({
    name: 'tessera-consumer', private: true, type: 'module',
    dependencies: {
      ...fileDeps,
      // The host's own instances, which the Tessera packages take as peers.
      hono: dev.hono, zod: dev.zod, kysely: dev.kysely, pg: dev.pg, 'better-sqlite3': dev['better-sqlite3'],
    },
    devDependencies: { typescript: dev.typescript, '@types/node': dev['@types/node'] },
    // Inter-package dependencies ("@tessera/core": "0.1.0") resolve to the packed tarballs, not the registry.
    overrides: fileDeps,
  }, null, 2));

  write('esm.mjs', `
import { createMemoryBlobStore, createTicketing } from '@tessera/core';
import { openSqliteStore } from '@tessera/store-sqlite';
import { createPostgresStore } from '@tessera/store-postgres';
import { createTicketingRouter } from '@tessera/http-hono';
import { Hono } from 'hono';
import { generateWebhookSecret, signWebhook } from '@tessera/webhooks';

const store = await openSqliteStore({ filename: ':memory:' });
const ticketing = createTicketing({ store, blobs: createMemoryBlobStore() });
const acme = await store.directory.addCustomer({ name: 'Acme', email: 'it@acme.example' });
const sam = await store.directory.addUser({ name: 'Sam', email: 'sam@support.example', role: 'staff' });
const ticket = await ticketing.tickets.create({ id: sam.id, role: 'staff' }, { subject: 'Hi', description: 'There', customerId: acme.id });
const host = new Hono();
host.route('/support', createTicketingRouter({ ticketing, authenticate: () => ({ id: sam.id, role: 'staff' }) }));
const res = await host.request('/support/tickets/');
const body = await res.json();
if (res.status !== 200 || body.results?.[0]?.ticket_number !== ticket.ticketNumber) throw new Error('unexpected ' + res.status + ' ' + JSON.stringify(body));
if (typeof createPostgresStore !== 'function') throw new Error('createPostgresStore missing');
if (!generateWebhookSecret().startsWith('whsec_') || typeof signWebhook !== 'function') throw new Error('webhooks entry broken');
await store.close();
console.log('ESM: ' + ticket.ticketNumber + ' created in SQLite, listed through the host app (HTTP ' + res.status + ')');
`);
  write('cjs.cjs', `
const { createTicketing, createMemoryStore } = require('@tessera/core');
const { createSqliteStore } = require('@tessera/store-sqlite');
const { createPostgresStore } = require('@tessera/store-postgres');
const { createTicketingRouter } = require('@tessera/http-hono');
const { Hono } = require('hono');
const { generateWebhookSecret } = require('@tessera/webhooks');
if (!generateWebhookSecret().startsWith('whsec_')) throw new Error('webhooks CJS entry broken');
(async () => {
  const store = createMemoryStore();
  const ticketing = createTicketing({ store });
  const acme = await store.directory.addCustomer({ name: 'Acme', email: 'it@acme.example' });
  const sam = await store.directory.addUser({ name: 'Sam', email: 'sam@support.example', role: 'staff' });
  const ticket = await ticketing.tickets.create({ id: sam.id, role: 'staff' }, { subject: 'Hi', description: 'There', customerId: acme.id });
  const host = new Hono();
  host.route('/support', createTicketingRouter({ ticketing, authenticate: () => ({ id: sam.id, role: 'staff' }) }));
  const res = await host.request('/support/tickets/' + ticket.id + '/');
  if (res.status !== 200) throw new Error('unexpected ' + res.status);
  const sqlite = createSqliteStore({ filename: ':memory:' });
  await sqlite.migrate();
  await sqlite.close();
  if (typeof createPostgresStore !== 'function') throw new Error('createPostgresStore missing');
  console.log('CJS: ' + ticket.ticketNumber + ' read through the host app (HTTP ' + res.status + '); SQLite store migrated');
})().catch((error) => { console.error(error); process.exit(1); });
`);
  const consumerTs = `
import { createTicketing, type Actor, type TicketDetail } from '@tessera/core';
import { createFsBlobStore } from '@tessera/http-hono/fs-blobs';
import { createSqliteStore, type SqliteStore } from '@tessera/store-sqlite';
import { createPostgresStore, type PostgresStore } from '@tessera/store-postgres';
import { createTicketingRouter, type TicketingApp } from '@tessera/http-hono';
import { createMemoryWebhookStore, type WebhookStore } from '@tessera/webhooks';
import { Hono } from 'hono';
import Database from 'better-sqlite3';
import pg from 'pg';

// The host's own better-sqlite3 handle and pg pool are accepted: one copy of each, typed by the host's @types.
const sqlite: SqliteStore = createSqliteStore({ database: new Database(':memory:') });
const postgres: PostgresStore = createPostgresStore({ pool: new pg.Pool() });
// A durable store needs a durable blob store (the subpath entry is checked here too).
const ticketing = createTicketing({ store: sqlite, blobs: createFsBlobStore({ directory: './blobs' }) });
const actor: Actor = { id: 1, role: 'staff' };
const host = new Hono<{ Variables: { userId: number } }>();
// The router mounts into the host's Hono app: one hono, so one Context type.
const router: TicketingApp = createTicketingRouter({ ticketing, authenticate: () => actor });
host.route('/support', router);
export async function read(id: number): Promise<TicketDetail> {
  return ticketing.tickets.get(actor, id);
}
void postgres;
const webhooks: WebhookStore = createMemoryWebhookStore();
void webhooks;
`;
  write('consumer.ts', consumerTs);
  write('consumer-cjs.cts', consumerTs.replace(/^export async function read[^]*?^\}\n/mu, ''));
  write('tsconfig.json', JSON.stringify({
    compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, skipLibCheck: false, noEmit: true, types: ['node'] },
    include: ['consumer.ts', 'consumer-cjs.cts'],
  }, null, 2));

  run('npm install (tarballs + host peers)', 'npm', ['install', '--no-audit', '--no-fund', '--loglevel=error']);
  run('installed versions (the @types peers arrive on their own)', 'npm', ['ls', '@tessera/core', '@tessera/store-sqlite', '@tessera/store-postgres', '@tessera/http-hono', 'hono', 'zod', 'kysely', 'pg', 'better-sqlite3', '@types/pg', '@types/better-sqlite3']);
  run('import as ESM', process.execPath, ['esm.mjs']);
  run('require as CJS', process.execPath, ['cjs.cjs']);
  run('typecheck consumer (NodeNext, skipLibCheck: false)', process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
  ok = true;
} catch (error) {
  console.error(error.message);
} finally {
  if (process.env.TESSERA_KEEP_SMOKE) console.log(`consumer: project kept at ${project}`);
  else rmSync(project, { recursive: true, force: true });
}
console.log(ok ? 'consumer smoke test: passed' : 'consumer smoke test: FAILED');
process.exit(ok ? 0 : 1);
