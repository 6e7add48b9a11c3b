import { sql, type Kysely, type Migration } from 'kysely';
import type { TableNames } from '../names.js';

const tokensTable = (n: TableNames, name: string, revocable: boolean): string =>
  revocable
    ? `CREATE TABLE ${name} (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         token_hash TEXT NOT NULL UNIQUE,
         user_id INTEGER NOT NULL REFERENCES ${n.users} (id) ON DELETE CASCADE,
         label TEXT NOT NULL,
         created_at INTEGER NOT NULL,
         expires_at INTEGER,
         last_used_at INTEGER
       )`
    : `CREATE TABLE ${name} (
         token_hash TEXT PRIMARY KEY,
         user_id INTEGER NOT NULL REFERENCES ${n.users} (id) ON DELETE CASCADE,
         label TEXT NOT NULL,
         created_at INTEGER NOT NULL
       ) WITHOUT ROWID`;

/** Rebuilds the tokens table in the other shape, keeping its rows (SQLite cannot add a key column). */
const rebuildTokens = (n: TableNames, revocable: boolean): string[] => [
  tokensTable(n, `${n.api_tokens}_rebuilt`, revocable),
  `INSERT INTO ${n.api_tokens}_rebuilt (token_hash, user_id, label, created_at)
     SELECT token_hash, user_id, label, created_at FROM ${n.api_tokens} ORDER BY created_at, token_hash`,
  `DROP TABLE ${n.api_tokens}`,
  `ALTER TABLE ${n.api_tokens}_rebuilt RENAME TO ${n.api_tokens}`,
  `CREATE INDEX ${n.api_tokens}_by_user ON ${n.api_tokens} (user_id)`,
];

const up = (n: TableNames): string[] => [
  ...rebuildTokens(n, true),
  // Signed-in admin sessions, checked by primary key on every admin request. Deleting a user
  // ends their sessions; revoking a token deletes the sessions signed in with it.
  `CREATE TABLE ${n.admin_sessions} (
     id_hash TEXT PRIMARY KEY,
     user_id INTEGER NOT NULL REFERENCES ${n.users} (id) ON DELETE CASCADE,
     token_hash TEXT,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   ) WITHOUT ROWID`,
  `CREATE INDEX ${n.admin_sessions}_by_user ON ${n.admin_sessions} (user_id)`,
  `CREATE INDEX ${n.admin_sessions}_by_token ON ${n.admin_sessions} (token_hash) WHERE token_hash IS NOT NULL`,
];

const down = (n: TableNames): string[] => [`DROP TABLE ${n.admin_sessions}`, ...rebuildTokens(n, false)];

async function run(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/**
 * Revocable API tokens and server-side admin sessions: tokens get a numeric id (to list and
 * revoke them by), an optional expiry and a last-used time; signed-in admin sessions get a table.
 * Existing tokens keep working, numbered in the order they were created.
 */
export const revocableTokensAndSessions = (n: TableNames): Migration => ({
  up: (db) => run(db, up(n)),
  down: (db) => run(db, down(n)),
});
