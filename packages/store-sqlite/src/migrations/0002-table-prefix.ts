import { sql, type Kysely, type Migration } from 'kysely';
import { LEGACY_TABLE_NAMES, type TableNames } from '../names.js';
import { SEARCH_TRIGGERS, searchIndexDdl } from './0001-init.js';

async function hasTable(db: Kysely<unknown>, name: string): Promise<boolean> {
  const { rows } = await sql`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ${name}`.execute(db);
  return rows.length > 0;
}

const RENAMED = [
  'tickets', 'comments', 'attachments', 'history', 'customers', 'users', 'api_tokens', 'sequences', 'ticket_counts', 'ticket_days',
] as const;

/**
 * Moves a database made before table prefixes (`tickets`, `users`, …) to the prefixed names `n`,
 * so a host's own tables of those names can live in the same file. Rows, ids and AUTOINCREMENT
 * counters stay; SQLite rewrites foreign keys, indexes and the running-totals triggers to the new
 * names. The FTS5 table names its content table in its definition, so it is rebuilt. A database
 * created with prefixed names already has nothing to rename.
 */
export const tablePrefix = (n: TableNames): Migration => ({
  async up(db) {
    const legacy = LEGACY_TABLE_NAMES;
    if (legacy.tickets === n.tickets || !(await hasTable(db, legacy.tickets)) || (await hasTable(db, n.tickets))) return;
    for (const trigger of SEARCH_TRIGGERS) await sql.raw(`DROP TRIGGER IF EXISTS ${trigger}`).execute(db);
    await sql.raw(`DROP TABLE IF EXISTS ${legacy.ticket_search}`).execute(db);
    for (const role of RENAMED) {
      if (legacy[role] !== n[role] && (await hasTable(db, legacy[role]))) {
        await sql.raw(`ALTER TABLE ${legacy[role]} RENAME TO ${n[role]}`).execute(db);
      }
    }
    for (const statement of searchIndexDdl(n)) await sql.raw(statement).execute(db);
    await sql.raw(`INSERT INTO ${n.ticket_search} (${n.ticket_search}) VALUES ('rebuild')`).execute(db);
  },
  // The prefixed names are the only ones this code reads: going back to the legacy names is not
  // offered (restore a backup taken before upgrading instead), so undoing this step changes nothing.
  async down() {},
});
