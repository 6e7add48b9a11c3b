import { sql, type Kysely, type SqlBool } from 'kysely';
import type { DirectoryStore } from '@tessera/core';
import { createSqlDirectory, type DirectoryDatabase } from '@tessera/store-kysely';
import { postgresDialect } from '../dialect.js';

/**
 * The PostgreSQL {@link DirectoryStore}: the shared directory SQL over one schema's tables,
 * instants as `timestamptz`. Case-insensitive matching compares `lower(column)` (what the unique
 * email index is built on) with a lower-cased value; ids are bound as one array (`= any($1)`).
 */
export function createPgDirectory(builder: Kysely<unknown>, schema: string, access: Pick<DirectoryDatabase, 'run' | 'transaction'>): DirectoryStore {
  return createSqlDirectory({
    dialect: {
      builder,
      tables: { users: `${schema}.users`, customers: `${schema}.customers`, tokens: `${schema}.api_tokens`, sessions: `${schema}.admin_sessions` },
      time: postgresDialect.time,
      isUniqueViolation: postgresDialect.isUniqueViolation,
      isForeignKeyViolation: postgresDialect.isForeignKeyViolation,
      caseless: (column) => sql<string>`lower(${sql.ref(column)})`,
      fold: (text) => text.toLowerCase(),
      inIdList: (column, list) => sql<SqlBool>`${sql.ref(column)} = any(${list})`,
      idList: (ids) => [...ids],
      groupWrites: false,
    },
    run: access.run,
    transaction: access.transaction,
  });
}
