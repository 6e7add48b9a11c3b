import { openSqliteStore, tableNames } from '@tessera/store-sqlite';
import { performance } from 'node:perf_hooks';
import { SqlContext } from '../packages/store-sqlite/src/queries/context.js';
import { compileTicketList } from '../packages/store-sqlite/src/queries/list-tickets.js';
const store = await openSqliteStore({ filename: process.argv[2]! });
const ctx = new SqlContext(store.database, store.kysely, tableNames());
for (const filter of [{ slaBreached: true }, { slaStatus: 'breached' as const }]) {
  const c = compileTicketList(ctx, { filter, ordering: { field: 'created_at', direction: 'desc' }, page: { offset: 0, limit: 25 }, now: new Date('2026-06-01T12:00:00.000Z') }, 'drive');
  for (const q of [c.rows, c.count]) {
    const stmt = store.database.prepare(q.sql);
    const t0 = performance.now(); stmt.all(...q.parameters); const ms = performance.now() - t0;
    console.log(q.sql.slice(0, 150), ms.toFixed(2), 'ms');
    console.log(store.database.prepare('EXPLAIN QUERY PLAN ' + q.sql).all(...q.parameters).map((r: any) => r.detail).join('\n'));
  }
}
