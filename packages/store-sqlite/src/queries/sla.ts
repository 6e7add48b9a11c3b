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
    // `PRAGMA data_version` moves whenever another connection commits (this store's own writes
    // are tracked by the shared layer). Each connection counts on its own, so the token says
    // which one it was read on: two connections' numbers are never compared.
    changeToken: () =>
      connection.read(async (runner) => {
        const [row] = await runner.rows<{ data_version: number }>(DATA_VERSION);
        return `${runner === access.ctx ? 'w' : 'r'}${row?.data_version}`;
      }),
  });
}
