import { sql, type Kysely, type Migration } from 'kysely';
import { slaIndexes } from '@tessera/store-kysely';
import { sqliteDialect } from '../dialect.js';
import type { TableNames } from '../names.js';

/**
 * SLA: business calendars and policies (their structured parts as JSON text), the tickets' clock
 * columns with partial indexes on unrecorded running due times (what "breached now" and `tick`
 * scan) and on recorded breaches, and a nullable history `user_id` for rows the system writes
 * (`sla_breached`). SQLite cannot drop a NOT NULL, so the history table is rebuilt, ids kept.
 */
const up = (n: TableNames): string[] => [
  `CREATE TABLE ${n.sla_calendars} (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     name TEXT NOT NULL,
     timezone TEXT NOT NULL,
     hours TEXT NOT NULL,
     holidays TEXT NOT NULL
   )`,
  `CREATE TABLE ${n.sla_policies} (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     name TEXT NOT NULL,
     position INTEGER NOT NULL,
     match TEXT NOT NULL,
     calendar_id INTEGER REFERENCES ${n.sla_calendars} (id),
     pause_statuses TEXT NOT NULL,
     targets TEXT NOT NULL
   )`,
  `CREATE INDEX ${n.sla_policies}_order ON ${n.sla_policies} (position, id)`,
  `CREATE INDEX ${n.sla_policies}_calendar ON ${n.sla_policies} (calendar_id)`,

  `ALTER TABLE ${n.tickets} ADD COLUMN sla_policy_id INTEGER`,
  `ALTER TABLE ${n.tickets} ADD COLUMN sla_first_response_clock TEXT NOT NULL DEFAULT 'none'`,
  `ALTER TABLE ${n.tickets} ADD COLUMN sla_first_response_due_at INTEGER`,
  `ALTER TABLE ${n.tickets} ADD COLUMN sla_first_response_breached INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE ${n.tickets} ADD COLUMN sla_resolution_clock TEXT NOT NULL DEFAULT 'none'`,
  `ALTER TABLE ${n.tickets} ADD COLUMN sla_resolution_due_at INTEGER`,
  `ALTER TABLE ${n.tickets} ADD COLUMN sla_resolution_elapsed_ms INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE ${n.tickets} ADD COLUMN sla_resolution_running_since INTEGER`,
  `ALTER TABLE ${n.tickets} ADD COLUMN sla_resolution_breached INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE ${n.tickets} ADD COLUMN sla_breach_at INTEGER`,
  ...slaIndexes(sqliteDialect).map((i) => `CREATE INDEX ${n.tickets}_${i.name.replace(/^tickets_/u, '')} ON ${n.tickets} (${i.columns}) WHERE ${i.where}`),
  // Ordering by the due times: missing values last ascending (SQLite sorts NULL first).
  `CREATE INDEX ${n.tickets}_sla_first_response_due ON ${n.tickets} ((sla_first_response_due_at IS NULL), sla_first_response_due_at)`,
  `CREATE INDEX ${n.tickets}_sla_resolution_due ON ${n.tickets} ((sla_resolution_due_at IS NULL), sla_resolution_due_at)`,

  `CREATE TABLE ${n.history}_new (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     ticket_id INTEGER NOT NULL REFERENCES ${n.tickets} (id) ON DELETE CASCADE,
     user_id INTEGER,
     action TEXT NOT NULL,
     field_name TEXT,
     old_value TEXT,
     new_value TEXT,
     timestamp INTEGER NOT NULL,
     is_internal INTEGER NOT NULL
   )`,
  `INSERT INTO ${n.history}_new (id, ticket_id, user_id, action, field_name, old_value, new_value, timestamp, is_internal)
     SELECT id, ticket_id, user_id, action, field_name, old_value, new_value, timestamp, is_internal FROM ${n.history}`,
  // Keep the AUTOINCREMENT high-water mark, so ids of deleted rows are never handed out again.
  `INSERT INTO sqlite_sequence (name, seq) SELECT '${n.history}_new', seq FROM sqlite_sequence WHERE name = '${n.history}'
     AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '${n.history}_new')`,
  `UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = '${n.history}'), 0))
     WHERE name = '${n.history}_new'`,
  `DROP TABLE ${n.history}`,
  `ALTER TABLE ${n.history}_new RENAME TO ${n.history}`,
  `CREATE INDEX history_ticket ON ${n.history} (ticket_id)`,
  `CREATE INDEX history_action ON ${n.history} (action)`,
];

async function run(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** SLA tables and columns under table names `n`. */
export const slaTables = (n: TableNames): Migration => ({
  up: (db) => run(db, up(n)),
  async down(db) {
    await run(db, [`DROP TABLE ${n.sla_policies}`, `DROP TABLE ${n.sla_calendars}`]);
  },
});
