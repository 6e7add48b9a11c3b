import { sql, type SqlBool } from 'kysely';
import type { DirectoryStore } from '@tessera/core';
import { createSqlDirectory } from '@tessera/store-kysely';
import { sqliteDialect } from '../dialect.js';
import { sqliteSqlAccess, type SqliteConnectionAccess } from '../webhooks.js';

/**
 * The SQLite {@link DirectoryStore}: the shared directory SQL over this store's prefixed tables,
 * instants as epoch ms. Case-insensitive matching needs no folding (LIKE ignores ASCII case and
 * the email column is `COLLATE NOCASE`); ids are bound as one JSON array, so one cached statement
 * serves any number of them.
 */
export function createSqliteDirectory(access: SqliteConnectionAccess): DirectoryStore {
  const n = access.ctx.names;
  return createSqlDirectory({
    dialect: {
      builder: access.ctx.kysely,
      tables: { users: n.users, customers: n.customers, tokens: n.api_tokens, sessions: n.admin_sessions },
      time: sqliteDialect.time,
      isUniqueViolation: sqliteDialect.isUniqueViolation,
      isForeignKeyViolation: sqliteDialect.isForeignKeyViolation,
      caseless: (column) => sql.ref(column),
      fold: (text) => text,
      inIdList: (column, list) => sql<SqlBool>`${sql.ref(column)} IN (SELECT value FROM json_each(${list}))`,
      idList: (ids) => JSON.stringify(ids),
      groupWrites: true,
    },
    ...sqliteSqlAccess(access, 'directory'),
  });
}
