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
// The state as last read, and the snapshot it was read in (reads of one snapshot share it).
const stateRead = new WeakMap<SqlContext, { snapshot: number; state: string }>();

function stateOf(ctx: SqlContext): string {
  const snapshot = ctx.currentSnapshot;
  const known = stateRead.get(ctx);
  if (snapshot !== null && known?.snapshot === snapshot) return known.state;
  const state = ctx.prepared(connectionState).pluck(true).get() as string;
  if (snapshot !== null) stateRead.set(ctx, { snapshot, state });
  return state;
}

/**
 * `read()`'s result under `key`, read once per database state: while nothing has been written
 * since (and `stillHolds` accepts it, for results that also depend on the clock), the same
 * result is returned again. For reads that dashboards poll far more often than tickets change
 * (the running totals behind statistics). Call it inside a {@link SqlContext.snapshot} so the
 * state and the reads agree. Inside a write transaction it just reads (rows it sees there may
 * still be rolled back). Results are shared between callers: treat them as read-only.
 */
export function readOncePerChange<T>(ctx: SqlContext, key: string, read: () => T, stillHolds?: (kept: T) => boolean): T {
  if (!ctx.seesCommittedOnly) return read();
  const state = stateOf(ctx);
  let entry = kept.get(ctx);
  if (entry?.state !== state) {
    entry = { state, results: new Map() };
    kept.set(ctx, entry);
  }
  if (entry.results.has(key)) {
    const result = entry.results.get(key) as T;
    if (!stillHolds || stillHolds(result)) return result;
  }
  const result = read();
  if (entry.results.size >= MAX_KEPT) entry.results.clear();
  entry.results.set(key, result);
  return result;
}
