import { sql, type Migration } from 'kysely';

/**
 * The running totals churn by design: every write inserts delta rows into `ticket_counts` and
 * `ticket_day_counts`, and reads fold them (a DELETE of the deltas, an INSERT of their sum), so
 * each write leaves dead row versions behind. PostgreSQL's default vacuums a table once a fifth
 * of it is dead: for the ≈ 550,000 day rows of a million tickets that is ≈ 110,000 dead rows, all
 * on the days just written, which a creation-window read then steps over (measured at 1M: a
 * one-month list p95 45 ms among the seed's dead rows, 9 ms after VACUUM). Vacuum both tables
 * once 1 % (at least 1,000 rows) is dead; each vacuum visits only the pages holding dead rows.
 */
export function totalsVacuum(schema: string): Migration {
  const s = `"${schema}"`;
  const tables = [`${s}.ticket_counts`, `${s}.ticket_day_counts`];
  return {
    async up(db) {
      for (const table of tables) {
        await sql.raw(`alter table ${table} set (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000)`).execute(db);
      }
    },
    async down(db) {
      for (const table of tables) {
        await sql.raw(`alter table ${table} reset (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold)`).execute(db);
      }
    },
  };
}
