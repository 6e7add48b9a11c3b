import { sql, type Kysely, type Migration } from 'kysely';
import type { TableNames } from '../names.js';

// `tickets_created_stats` (0001) serves statistics over a creation window as a covering range scan.
// Percentiles over the same window read `first_response_at` too: with it appended, the index
// covers both, so neither reads a table row per ticket, and the table keeps the same number of
// indexes to maintain on writes.
/** Rebuilds the creation-window covering index with `columns` (also used by later migrations that widen it). */
export const withColumns = (n: TableNames, columns: string): string[] => [
  'DROP INDEX IF EXISTS tickets_created_stats',
  `CREATE INDEX tickets_created_stats ON ${n.tickets} (${columns})`,
];
export const STATS = 'created_at, status, priority_rank, category, assigned_to_id, resolved_at';

export async function run(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
  // On a database the host has ANALYZEd, a rebuilt index has no statistics and the planner then
  // prefers the analyzed ones (a row read per ticket): give it its statistics. A database never
  // analyzed stays so, or the other indexes would be planned on default guesses next to real ones.
  const { rows } = await sql`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'`.execute(db);
  if (rows.length > 0) await sql.raw('ANALYZE tickets_created_stats').execute(db);
}

/** Appends `first_response_at` to the creation-window covering index, for response/resolution time percentiles. */
export const durationPercentiles = (n: TableNames): Migration => ({
  up: (db) => run(db, withColumns(n, `${STATS}, first_response_at`)),
  down: (db) => run(db, withColumns(n, STATS)),
});
