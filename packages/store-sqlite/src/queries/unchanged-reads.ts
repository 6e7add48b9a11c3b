import type { SqlContext } from './context.js';

/**
 * The database as this connection sees it: the rows it has changed itself (`total_changes()`,
 * which a rollback never lowers) and the commits of every other connection (`data_version`).
 * Equal states read equal data.
 */
const connectionState = () => `SELECT total_changes() || ':' || data_version FROM pragma_data_version`;

/** Most results one connection keeps per state (filters are few; the cap is a safety net). */
const MAX_KEPT = 256;

const kept = new WeakMap<SqlContext, { state: string; results: Map<string, unknown> }>();

/**
 * `read()`'s result under `key`, read once per database state: while nothing has been written
 * since, the same result is returned again. For reads whose cost does not depend on the clock or
 * the caller (the running totals behind statistics), which dashboards poll far more often than
 * tickets change. Call it inside a {@link SqlContext.snapshot} so the state and the reads agree.
 * Inside a write transaction it just reads (rows it sees there may still be rolled back).
 * Results are shared between callers: treat them as read-only.
 */
export function readOncePerChange<T>(ctx: SqlContext, key: string, read: () => T): T {
  if (!ctx.seesCommittedOnly) return read();
  const state = ctx.prepared(connectionState).pluck(true).get() as string;
  let entry = kept.get(ctx);
  if (entry?.state !== state) {
    entry = { state, results: new Map() };
    kept.set(ctx, entry);
  }
  if (entry.results.has(key)) return entry.results.get(key) as T;
  const result = read();
  if (entry.results.size >= MAX_KEPT) entry.results.clear();
  entry.results.set(key, result);
  return result;
}
