import { sql, type Kysely } from 'kysely';
import type { SlaStore } from '@tessera/core';
import { createSqlSlaStore, type SlaDatabase } from '@tessera/store-kysely';
import { postgresDialect } from '../dialect.js';

/**
 * The PostgreSQL {@link SlaStore}: the shared calendar and policy SQL over one schema's tables,
 * JSON bound as `jsonb`. Transactions run at READ COMMITTED, so the shared SQL locks what it
 * checks before writing (`FOR UPDATE`, `LOCK TABLE`).
 */
export function createPgSlaStore(builder: Kysely<unknown>, schema: string, access: Pick<SlaDatabase, 'run' | 'transaction'>): SlaStore {
  return createSqlSlaStore({
    dialect: {
      builder,
      tables: { calendars: `${schema}.sla_calendars`, policies: `${schema}.sla_policies` },
      json: (text) => sql`${text}::jsonb`,
      lockForUpdate: postgresDialect.lockForUpdate,
    },
    run: access.run,
    transaction: access.transaction,
  });
}
