import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { StoreError } from '@tessera/core';
import { toStoreError } from './errors.js';
import { migrationsFor } from './migrations/index.js';
import { LEGACY_TABLE_NAMES, type TableNames } from './names.js';

/** Where a database's schema stands relative to the migrations this code knows. */
export interface SchemaState {
  /** Migrations recorded in the database. */
  applied: string[];
  /** Known migrations not yet applied. */
  pending: string[];
  /** Recorded migrations this code does not know: the database was migrated by a newer version. */
  unknown: string[];
}

/** Result of {@link migrateDatabase}. */
export interface MigrationResult {
  /** Migrations applied by this call, in order (empty when the schema was current). */
  applied: string[];
}


function hasTable(db: BetterSqlite3.Database, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

/** The migration table of `n`, or the legacy one a database from before table prefixes has. */
function migrationTable(db: BetterSqlite3.Database, n: TableNames): string | null {
  if (hasTable(db, n.migrations)) return n.migrations;
  return hasTable(db, LEGACY_TABLE_NAMES.migrations) && hasTable(db, LEGACY_TABLE_NAMES.tickets) ? LEGACY_TABLE_NAMES.migrations : null;
}

/** Reads the migration table (synchronously) and compares it with the known migrations. */
export function readSchemaState(db: BetterSqlite3.Database, n: TableNames): SchemaState {
  const MIGRATIONS = migrationsFor(n);
  const KNOWN = Object.keys(MIGRATIONS).sort();
  const table = migrationTable(db, n);
  const applied = table ? (db.prepare(`SELECT name FROM ${table} ORDER BY name`).pluck().all() as string[]) : [];
  const done = new Set(applied);
  return {
    applied,
    pending: KNOWN.filter((name) => !done.has(name)),
    unknown: applied.filter((name) => !(name in MIGRATIONS)),
  };
}

/** The error for a database migrated by a newer version of this package. */
export function newerSchemaError(unknown: readonly string[]): StoreError {
  return new StoreError(
    `SQLite store: the database schema is newer than this version of @tessera/store-sqlite knows ` +
      `(unknown migrations: ${unknown.join(', ')}). Upgrade @tessera/store-sqlite to open it.`,
  );
}

/**
 * Applies pending migrations in one `BEGIN IMMEDIATE` transaction, so processes starting at
 * once serialize on the write lock and the later ones find nothing left to do. Re-running is a
 * no-op; a database holding migrations this code does not know is refused with a `StoreError`.
 * `kysely` must run on the same connection as `db`.
 */
export async function migrateDatabase(db: BetterSqlite3.Database, kysely: Kysely<unknown>, n: TableNames): Promise<MigrationResult> {
  const MIGRATIONS = migrationsFor(n);
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    throw toStoreError(error, 'migrating');
  }
  try {
    const existing = migrationTable(db, n);
    if (existing === null) {
      // Tessera's table names in a database Tessera never migrated: refuse rather than mix schemas.
      if (hasTable(db, n.tickets)) {
        throw new StoreError(
          `SQLite store: the database already has a "${n.tickets}" table that was not created by Tessera; refusing to migrate it.`,
        );
      }
      db.exec(`CREATE TABLE ${n.migrations} (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL) WITHOUT ROWID`);
    } else if (existing !== n.migrations) {
      // A database from before table prefixes, opened under a custom prefix.
      db.exec(`ALTER TABLE ${existing} RENAME TO ${n.migrations}`);
    }
    const state = readSchemaState(db, n);
    if (state.unknown.length > 0) throw newerSchemaError(state.unknown);
    const record = db.prepare(`INSERT INTO ${n.migrations} (name, applied_at) VALUES (?, ?)`);
    for (const name of state.pending) {
      await MIGRATIONS[name]!.up(kysely);
      record.run(name, Date.now());
    }
    db.exec('COMMIT');
    return { applied: state.pending };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw toStoreError(error, 'migrating');
  }
}
