// One-off: apply 0006 to a kept bench schema without Kysely's database-wide migration lock.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { readIndexes } from './src/migrations/0006-read-indexes.js';
const schema = process.argv[2]!;
const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test', max: 1 }) }) });
const t = performance.now();
await db.transaction().execute(async (trx) => {
  await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
  await readIndexes(schema).up(trx);
  await sql`insert into ${sql.id(schema, 'tessera_migration')} (name, timestamp) values ('0006-read-indexes', now())`.execute(trx);
});
console.log('0006 applied in', Math.round(performance.now() - t), 'ms');
await db.destroy();
