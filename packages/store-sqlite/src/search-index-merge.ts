import type { ConnectionLock } from './lock.js';
import { mergedSearchIndexes } from './migrations/0012-search-index-merging.js';
import type { SqlContext } from './queries/context.js';
import { tryBeginImmediate } from './write-lock.js';

/** Default quiet time before a store merges its search indexes, ms. */
export const DEFAULT_SEARCH_INDEX_MERGE_IDLE_MS = 1000;

/** Leaf pages (about 4 KB each) one step may merge per index: a few ms of the write lock. */
const PAGES_PER_STEP = 16;

/** What one merge step did. */
export type MergeStep = 'merged' | 'nothing to merge' | 'busy';

/**
 * One FTS5 `merge` step on each search index, in a write transaction of its own. It never waits
 * for the write lock: when another connection holds it the step does nothing and says `busy`.
 * FTS5 merges a level once it holds `usermerge` (2) segments, so steps until `nothing to merge`
 * leave at most one segment per level; a step that did work changed two or more rows.
 */
export function mergeSearchIndexesStep(ctx: SqlContext): MergeStep {
  if (!tryBeginImmediate(ctx)) return 'busy';
  try {
    const changes = ctx.statement('SELECT total_changes()').pluck(true);
    let merged = false;
    for (const index of mergedSearchIndexes(ctx.names)) {
      const before = changes.get() as number;
      ctx.statement(`INSERT INTO ${index} (${index}, rank) VALUES ('merge', ${PAGES_PER_STEP})`).run();
      if ((changes.get() as number) - before >= 2) merged = true;
    }
    ctx.statement('COMMIT').run();
    return merged ? 'merged' : 'nothing to merge';
  } catch (error) {
    if (ctx.db.inTransaction) ctx.statement('ROLLBACK').run();
    throw error;
  }
}

/** Tells the merger about writes; stops it. */
export interface SearchIndexMerger {
  /** A transaction that may have written tickets committed: merging waits for quiet again. */
  wrote(): void;
  close(): void;
}

/**
 * Merges the search indexes' segments once the store has gone `idleMs` without committing a
 * write, one short step per turn of the event loop, until nothing is left to merge or a write
 * comes. FTS5 writes every transaction's entries as a new segment and a search reads them all (at
 * 20,000 tickets written over HTTP the word index held 15 segments; the newest matches took three
 * times as long to find as over two). Steps run only while this store holds no transaction; when
 * another process writes, merging waits for the next quiet spell. The timer never keeps the
 * process alive.
 */
export function scheduleSearchIndexMerges(options: {
  ctx: SqlContext;
  lock: ConnectionLock;
  idleMs: number;
  /** False until the schema is migrated and after the store closes. */
  usable: () => boolean;
}): SearchIndexMerger {
  const { ctx, lock, idleMs } = options;
  let lastWrite = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const arm = (ms: number) => {
    if (closed || timer !== undefined) return;
    timer = setTimeout(step, ms);
    timer.unref?.();
  };
  function step(): void {
    timer = undefined;
    const quiet = performance.now() - lastWrite;
    if (quiet < idleMs) return arm(idleMs - quiet);
    if (lock.held || ctx.db.inTransaction || !options.usable()) return arm(idleMs);
    let outcome: MergeStep;
    try {
      outcome = mergeSearchIndexesStep(ctx);
    } catch {
      return; // a read-only file, say: nothing to merge until the next write shows otherwise
    }
    if (outcome === 'merged') arm(0);
    else if (outcome === 'busy') arm(idleMs);
  }
  if (idleMs > 0) arm(idleMs);
  return {
    wrote() {
      if (idleMs <= 0) return;
      lastWrite = performance.now();
      arm(idleMs);
    },
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
