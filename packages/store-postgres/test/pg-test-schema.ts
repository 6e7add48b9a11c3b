import { randomBytes } from 'node:crypto';
import { openSync, closeSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { createPostgresStore, type PostgresStore } from '../src/index.js';

/** Server the tests use; override with `TESSERA_PG_URL`. */
export const PG_URL = process.env.TESSERA_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const START_HINT = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';

async function probe(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const unreachable = await probe();
if (unreachable !== null) {
  const line = `PostgreSQL at ${PG_URL} is unreachable (${unreachable}); start it with: ${START_HINT}`;
  // In CI a missing server is a failure, never a silent skip.
  if (process.env.CI === 'true') throw new Error(line);
  if (firstToWarn()) console.warn(`\n!!! SKIPPING store-postgres tests: ${line}\n`);
}

/** True for the first test file of this vitest run to ask (worker processes share the parent pid). */
function firstToWarn(): boolean {
  const marker = join(tmpdir(), `tessera-pg-skip-${process.ppid}`);
  try {
    if (Date.now() - statSync(marker).mtimeMs > 10 * 60_000) unlinkSync(marker);
  } catch {
    // no marker yet
  }
  try {
    closeSync(openSync(marker, 'wx'));
    return true;
  } catch {
    return false;
  }
}

/** True when the server answered; `describe.skipIf(!pgAvailable)` in every file. */
export const pgAvailable = unreachable === null;

/** A schema name no other test run uses. */
export function uniqueSchema(label: string): string {
  return `t_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/**
 * One schema for the calling test file: migrated on first use, emptied by `fresh()`, dropped
 * after the file's last test. Stores made here share the schema but not rows across tests.
 */
export function useTestSchema(label: string) {
  const schema = uniqueSchema(label);
  let migrated = false;
  const open: PostgresStore[] = [];
  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
    if (pgAvailable) await dropSchema(schema);
  });
  const store = (options: { poolSize?: number } = {}): PostgresStore => {
    const pool = new pg.Pool({ connectionString: PG_URL, max: options.poolSize ?? 4 });
    const s = createPostgresStore({ pool }, { schema });
    const close = s.close;
    let closed = false;
    open.push(s);
    return Object.assign(s, {
      close: async () => {
        if (closed) return;
        closed = true;
        await close();
        await pool.end();
      },
    });
  };
  return {
    schema,
    /** A store on the (migrated) schema with every Tessera table emptied. */
    async fresh(options?: { poolSize?: number }): Promise<PostgresStore> {
      const s = store(options);
      if (!migrated) {
        await s.migrate();
        migrated = true;
      }
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(
          `truncate "${schema}".tickets, "${schema}".ticket_comments, "${schema}".ticket_attachments,
             "${schema}".ticket_history, "${schema}".api_tokens, "${schema}".users, "${schema}".customers,
             "${schema}".outbox, "${schema}".webhook_attempts, "${schema}".webhook_subscriptions, "${schema}".idempotency_keys,
             "${schema}".sla_policies, "${schema}".sla_calendars
           restart identity cascade;
           update "${schema}".counters set value = 0;
           update "${schema}".outbox_cursor set open_from = 1`,
        );
      } finally {
        await client.end();
      }
      return s;
    },
    /** Another store on the same schema with its own pool: a second "process". */
    store,
  };
}

/**
 * Creates `schema` and applies Tessera's migrations up to and including `last`, as an older
 * release left it: the start of every upgrade test.
 */
export async function schemaMigratedTo(pool: pg.Pool, schema: string, last: string): Promise<void> {
  const { Kysely, Migrator, PostgresDialect } = await import('kysely');
  const { tesseraMigrations } = await import('../src/migrations/index.js');
  const { MIGRATION_LOCK_TABLE, MIGRATION_TABLE } = await import('../src/index.js');
  // The caller owns the pool; this Kysely instance must not end it.
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: { connect: () => pool.connect(), end: async () => {} } as unknown as pg.Pool }) });
  try {
    await db.schema.createSchema(schema).execute();
    const migrator = new Migrator({
      db: db.withSchema(schema),
      provider: tesseraMigrations(schema),
      migrationTableSchema: schema,
      migrationTableName: MIGRATION_TABLE,
      migrationLockTableName: MIGRATION_LOCK_TABLE,
    });
    const { error } = await migrator.migrateTo(last);
    if (error) throw error;
  } finally {
    await db.destroy();
  }
}

/**
 * Runs `test` on a new schema as an older release left it (migrated up to and including `last`),
 * with a pool of its own; ends the pool and drops the schema afterwards.
 */
export async function withSchemaMigratedTo(
  label: string,
  last: string,
  test: (db: { pool: pg.Pool; schema: string }) => Promise<void>,
): Promise<void> {
  const schema = uniqueSchema(label);
  const pool = new pg.Pool({ connectionString: PG_URL, max: 2 });
  try {
    await schemaMigratedTo(pool, schema, last);
    await test({ pool, schema });
  } finally {
    await pool.end();
    await dropSchema(schema);
  }
}

/** A pool whose clients append the text of every message they send to `log` (whitespace collapsed). */
export function recordingPool(log: string[], max = 2): pg.Pool {
  const pool = new pg.Pool({ connectionString: PG_URL, max });
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text: string };
      log.push((typeof first === 'string' ? first : first.text).replace(/\s+/gu, ' ').trim());
      return query(...args);
    };
  });
  return pool;
}
