import type { SlaStore } from '@tessera/core';
import { CompiledQuery } from 'kysely';
import { createSqlSlaStore } from '@tessera/store-kysely';
import { sqliteDialect } from '../dialect.js';
import { sqliteSqlAccess, type SqliteConnectionAccess } from '../webhooks.js';

const DATA_VERSION = CompiledQuery.raw('PRAGMA data_version');

/**
 * The SQLite {@link SlaStore}: the shared calendar and policy SQL over this store's prefixed
 * tables, JSON kept as text. Writes run in `BEGIN IMMEDIATE` transactions, which hold the
 * database write lock from their start, so no row or table locks are needed.
 */
export function createSqliteSlaStore(access: SqliteConnectionAccess): SlaStore {
  const n = access.ctx.names;
  const connection = sqliteSqlAccess(access, 'SLA');
  return createSqlSlaStore({
    dialect: {
      builder: access.ctx.kysely,
      tables: { calendars: n.sla_calendars, policies: n.sla_policies },
      json: (text) => text,
      lockForUpdate: sqliteDialect.lockForUpdate,
    },
    ...connection,
    // Moves whenever another connection commits (read on the reader, that includes this store's
    // writer); the shared layer also tracks this store's own writes.
    changeToken: () => connection.read(async (runner) => (await runner.rows<{ data_version: number }>(DATA_VERSION))[0]?.data_version),
  });
}
