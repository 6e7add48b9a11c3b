import { Migrator, sql, type Kysely } from 'kysely';
import { StoreError } from '@tessera/core';
import { tesseraMigrations } from './migrations/index.js';

/** Kysely's migration bookkeeping tables, named so they never clash with the host's own. */
export const MIGRATION_TABLE = 'tessera_migration';
export const MIGRATION_LOCK_TABLE = 'tessera_migration_lock';

async function executedMigrations(db: Kysely<unknown>, schema: string): Promise<string[]> {
  const { rows } = await sql<{ exists: boolean }>`
    select exists (select 1 from information_schema.tables
                   where table_schema = ${schema} and table_name = ${MIGRATION_TABLE}) as exists`.execute(db);
  if (!rows[0]?.exists) return [];
  const executed = await sql<{ name: string }>`select name from ${sql.table(`${schema}.${MIGRATION_TABLE}`)}`.execute(db);
  return executed.rows.map((r) => r.name);
}

/**
 * Brings `schema` up to the latest migration this package knows. Safe to call from many
 * processes at once: Kysely's PostgreSQL adapter holds a session advisory lock
 * (`pg_advisory_lock`) while it migrates, so one process applies and the others then find
 * nothing to do. Re-running is a no-op. A schema migrated by a newer version of the package
 * is refused with a `StoreError` rather than silently used.
 *
 * @returns the names of the migrations applied by this call.
 */
export async function runMigrations(db: Kysely<unknown>, schema: string, target: string): Promise<string[]> {
  const provider = tesseraMigrations(schema);
  const known = new Set(Object.keys(await provider.getMigrations()));
  const unknown = (await executedMigrations(db, schema)).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new StoreError(
      `Schema "${schema}" on ${target} was migrated by a newer @tessera/store-postgres ` +
        `(unknown migrations: ${unknown.join(', ')}; this version knows up to ${[...known].at(-1)}). ` +
        'Upgrade the package, or use another schema.',
    );
  }
  const migrator = new Migrator({
    db,
    provider,
    migrationTableSchema: schema,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    if (error instanceof StoreError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(`Migrating schema "${schema}" on ${target} failed: ${reason}`, { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
