import type { SlaStore } from '@tessera/core';
import { createSqlSlaStore } from '@tessera/store-kysely';
import { sqliteDialect } from '../dialect.js';
import { sqliteSqlAccess, type SqliteConnectionAccess } from '../webhooks.js';

/**
 * The SQLite {@link SlaStore}: the shared calendar and policy SQL over this store's prefixed
 * tables, JSON kept as text. Writes run in `BEGIN IMMEDIATE` transactions, which hold the
 * database write lock from their start, so no row or table locks are needed.
 */
export function createSqliteSlaStore(access: SqliteConnectionAccess): SlaStore {
  const n = access.ctx.names;
  return createSqlSlaStore({
    dialect: {
      builder: access.ctx.kysely,
      tables: { calendars: n.sla_calendars, policies: n.sla_policies },
      json: (text) => text,
      lockForUpdate: sqliteDialect.lockForUpdate,
    },
    ...sqliteSqlAccess(access, 'SLA'),
  });
}
