import { sql, type Kysely, type SqlBool } from 'kysely';
import type { DirectoryStore, People, PeopleIds } from '@tessera/core';
import { coalesceReads, createSqlDirectory, type DirectoryDatabase } from '@tessera/store-kysely';
import { postgresDialect } from '../dialect.js';

/**
 * The PostgreSQL {@link DirectoryStore}: the shared directory SQL over one schema's tables,
 * instants as `timestamptz`. Case-insensitive matching compares `lower(column)` (what the unique
 * email index is built on) with a lower-cased value; ids are bound as one array (`= any($1)`).
 */
export function createPgDirectory(builder: Kysely<unknown>, schema: string, access: Pick<DirectoryDatabase, 'run' | 'transaction'>): DirectoryStore {
  const directory = createSqlDirectory({
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
  const { getPeople } = directory;
  return getPeople ? { ...directory, getPeople: sharedPeopleReads(getPeople.bind(directory)) } : directory;
}

/**
 * `getPeople` with concurrent calls sharing statements (see `coalesceReads`): every create and
 * ticket view looks up its people, so a busy process sends two of these reads, not one per request.
 * Each caller gets exactly the records it asked for.
 */
function sharedPeopleReads(getPeople: (ids: PeopleIds) => Promise<People>): (ids: PeopleIds) => Promise<People> {
  const read = coalesceReads((requests: readonly PeopleIds[]) =>
    getPeople({
      users: [...new Set(requests.flatMap((r) => r.users))],
      customers: [...new Set(requests.flatMap((r) => r.customers))],
    }),
  );
  return async (ids) => {
    const all = await read(ids);
    const users = new Set(ids.users);
    const customers = new Set(ids.customers);
    return { users: all.users.filter((u) => users.has(u.id)), customers: all.customers.filter((c) => customers.has(c.id)) };
  };
}
