import { sql, type Kysely, type Migration } from 'kysely';
import type { TableNames } from '../names.js';

// An append to the 0003 outbox wrote three b-trees: the table, the AUTOINCREMENT counter in
// sqlite_sequence and the partial index of open events. Now it writes the table only:
// - ids are plain rowids, `max(id) + 1`: with SQLite's single writer they still increase in
//   commit order, and they are never reused because prune keeps the newest row;
// - claims start at the lowest id that may be unacknowledged, kept in the one-row cursor table
//   and advanced by each claim, then walk the rowid from there (no index of open events).

const COLUMNS = 'id, type, occurred_at, data, internal, subscription_id, acked_at, lease_token, lease_expires_at';
const outboxTable = (name: string, id: string) => `CREATE TABLE ${name} (
     id ${id},
     type TEXT NOT NULL,
     occurred_at INTEGER NOT NULL,
     data TEXT NOT NULL,
     internal INTEGER NOT NULL DEFAULT 0,
     subscription_id INTEGER,
     acked_at INTEGER,
     lease_token TEXT,
     lease_expires_at INTEGER
   )`;

/** Rebuilds the outbox with the id column `id`, rows and ids kept; `between` runs while both tables exist. */
const rebuild = (n: TableNames, id: string, between: (rebuilt: string) => string[]): string[] => {
  const rebuilt = `${n.outbox}_rebuilt`;
  return [
    outboxTable(rebuilt, id),
    `INSERT INTO ${rebuilt} (${COLUMNS}) SELECT ${COLUMNS} FROM ${n.outbox}`,
    ...between(rebuilt),
    `DROP TABLE ${n.outbox}`,
    `ALTER TABLE ${rebuilt} RENAME TO ${n.outbox}`,
    `CREATE INDEX ${n.outbox}_acked ON ${n.outbox} (acked_at) WHERE acked_at IS NOT NULL`,
  ];
};

const up = (n: TableNames): string[] =>
  rebuild(n, 'INTEGER PRIMARY KEY', (rebuilt) => [
    // The newest events may have been pruned already: AUTOINCREMENT remembered their ids, rowids
    // would not. Keep the highest id handed out as an acknowledged placeholder row (acknowledged
    // at the epoch, so the first prune after a newer event exists removes it).
    `INSERT INTO ${rebuilt} (id, type, occurred_at, data, internal, acked_at)
       SELECT seq, 'outbox.reserved', 0, 'null', 0, 0 FROM sqlite_sequence
       WHERE name = '${n.outbox}' AND seq > (SELECT coalesce(max(id), 0) FROM ${rebuilt})`,
    `CREATE TABLE ${n.outbox_cursor} (id INTEGER PRIMARY KEY CHECK (id = 1), open_from INTEGER NOT NULL)`,
    // Read through the old partial index of open events, before it goes with its table.
    `INSERT INTO ${n.outbox_cursor} (id, open_from) VALUES (1, coalesce(
       (SELECT min(id) FROM ${n.outbox} WHERE acked_at IS NULL), (SELECT max(id) + 1 FROM ${rebuilt}), 1))`,
  ]);

const down = (n: TableNames): string[] => [
  ...rebuild(n, 'INTEGER PRIMARY KEY AUTOINCREMENT', () => []),
  `CREATE INDEX ${n.outbox}_open ON ${n.outbox} (id) WHERE acked_at IS NULL`,
  `DROP TABLE ${n.outbox_cursor}`,
];

async function run(db: Kysely<unknown>, statements: readonly string[], n: TableNames): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
  // As in 0008: on a database the host has ANALYZEd, give the rebuilt table its statistics back.
  const { rows } = await sql`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'`.execute(db);
  if (rows.length > 0) await sql.raw(`ANALYZE ${n.outbox}`).execute(db);
}

/** The outbox without the AUTOINCREMENT counter and the open-events index: an append writes one b-tree. */
export const outboxRowids = (n: TableNames): Migration => ({
  up: (db) => run(db, up(n), n),
  down: (db) => run(db, down(n), n),
});
