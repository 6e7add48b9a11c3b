import type { Migration } from 'kysely';
import { init } from './0001-init.js';

/**
 * Every migration this version knows, by name; names sort in the order they apply.
 * A static record (no directory scan), so bundling cannot lose a migration.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-init': init,
};

/** Name of Tessera's own migration bookkeeping table. */
export const MIGRATION_TABLE = 'tessera_migrations';
