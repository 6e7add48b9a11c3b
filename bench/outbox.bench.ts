/**
 * `pnpm bench:outbox` — what the transactional outbox costs a ticket create, measured in one run:
 * the same service over the same store with `outbox: true` (every create also writes its
 * `ticket.created` row, plus Postgres' ordering lock) and `outbox: false`, in alternating rounds
 * so machine noise hits both alike. Target: creates with the outbox ≥ 0.9× creates without.
 *
 *   node --conditions=dev-source --import tsx bench/outbox.bench.ts [--ops N] [--rounds N] [--concurrency N]
 *
 * SQLite runs on a fresh file (WAL); Postgres on a fresh schema at TESSERA_PG_URL (skipped when
 * unreachable), once with one creator and once with `--concurrency` creators on a pool.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createTicketing, type Actor, type TicketStore, createMemoryBlobStore } from '@tessera/core';
import { createPostgresStore } from '@tessera/store-postgres';
import { openSqliteStore } from '@tessera/store-sqlite';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const OPS = arg('ops', 4000);
const ROUNDS = arg('rounds', 8);
const CONCURRENCY = arg('concurrency', 4);
const PG_URL = process.env.TESSERA_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Result {
  store: string;
  creators: number;
  opsEach: number;
  withOutboxPerSec: number;
  withoutOutboxPerSec: number;
  ratio: number;
}

/** Creates per second with and without the outbox, in alternating rounds on one store. */
async function measure(label: string, store: TicketStore, customerId: number, actor: Actor, creators: number): Promise<Result> {
  const on = createTicketing({ store, blobs: createMemoryBlobStore(), outbox: true });
  const off = createTicketing({ store, blobs: createMemoryBlobStore(), outbox: false });
  const perRound = Math.max(creators, Math.floor(OPS / ROUNDS));
  const time = { on: 0, off: 0 };
  let n = 0;
  const run = async (ticketing: typeof on, count: number) => {
    let left = count;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: creators }, async () => {
        while (left-- > 0) await ticketing.tickets.create(actor, { subject: `bench ${n++}`, description: 'outbox bench', customerId });
      }),
    );
    return performance.now() - started;
  };
  await run(on, perRound / 4); // warm-up: statements prepared, JIT settled
  await run(off, perRound / 4);
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first, so neither always follows the other.
    if (round % 2 === 0) {
      time.on += await run(on, perRound);
      time.off += await run(off, perRound);
    } else {
      time.off += await run(off, perRound);
      time.on += await run(on, perRound);
    }
  }
  const ops = perRound * ROUNDS;
  const withOutboxPerSec = Math.round((ops / time.on) * 1000);
  const withoutOutboxPerSec = Math.round((ops / time.off) * 1000);
  return { store: label, creators, opsEach: ops, withOutboxPerSec, withoutOutboxPerSec, ratio: +(withOutboxPerSec / withoutOutboxPerSec).toFixed(3) };
}

const results: Result[] = [];

// ---------- SQLite ----------
{
  const dir = mkdtempSync(join(tmpdir(), 'tessera-outbox-bench-'));
  const store = await openSqliteStore({ filename: join(dir, 'bench.db') });
  const customer = await store.directory.addCustomer({ name: 'Acme', email: 'a@acme.test' });
  const staff = await store.directory.addUser({ name: 'Sam', email: 's@x.test', role: 'staff' });
  results.push(await measure('sqlite (file)', store, customer.id, { id: staff.id, role: 'staff' }, 1));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

// ---------- Postgres ----------
const probe = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
const reachable = await probe.connect().then(() => true, () => false);
if (reachable) {
  const schema = `bench_outbox_${process.pid}`;
  const pool = new pg.Pool({ connectionString: PG_URL, max: CONCURRENCY });
  const store = createPostgresStore({ pool }, { schema });
  try {
    await store.migrate();
    const customer = await store.directory.addCustomer({ name: 'Acme', email: 'a@acme.test' });
    const staff = await store.directory.addUser({ name: 'Sam', email: 's@x.test', role: 'staff' });
    const actor: Actor = { id: staff.id, role: 'staff' };
    results.push(await measure('postgres', store, customer.id, actor, 1));
    results.push(await measure('postgres', store, customer.id, actor, CONCURRENCY));
  } finally {
    await store.close();
    await pool.end();
    await probe.query(`drop schema if exists "${schema}" cascade`);
  }
} else {
  console.warn(`PostgreSQL at ${PG_URL} unreachable: Postgres rows skipped.`);
}
await probe.end().catch(() => {});

console.table(results);
console.log(JSON.stringify({ node: process.version, cpus: cpus().length, loadAverage: +loadavg()[0]!.toFixed(2), rounds: ROUNDS, results }, null, 2));
