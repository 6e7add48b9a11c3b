import type { ConnectionLock } from './lock.js';
import { mergedSearchIndexes } from './migrations/0012-search-index-merging.js';
import type { SqlContext } from './queries/context.js';
import { tryBeginImmediate } from './write-lock.js';

/** Default quiet time before a store merges its search indexes, ms. */
export const DEFAULT_SEARCH_INDEX_MERGE_IDLE_MS = 1000;

/**
 * Leaf pages (about 4 KB each) one step may merge per index: a few ms of the write lock at 20,000
 * tickets. Fewer pages did not make the steps at a million tickets any shorter.
 */
const PAGES_PER_STEP = 16;

/**
 * A step runs on the thread that serves the store's callers and, on a large index, takes long:
 * at a million tickets 7 ms at the median, 38 ms at p95, ≈ 1 s when its COMMIT ran a WAL
 * checkpoint (768 steps, ≈ 10 s, to merge what a bulk load left). So merging also waits for this long without a read beginning…
 */
export const MERGE_READ_QUIET_MS = 100;
/** …and takes at most this share of the thread: after a step of d ms the next waits d × 9. */
const MERGE_SHARE = 0.1;

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

/** Tells the merger about writes and reads; stops it. */
export interface SearchIndexMerger {
  /** A transaction that may have written tickets committed: merging waits for quiet again. */
  wrote(): void;
  /** A read began: merging waits until reads have paused for {@link MERGE_READ_QUIET_MS}. */
  read(): void;
  close(): void;
}

/**
 * Merges the search indexes' segments once the store has gone `idleMs` without committing a
 * write, one step at a time, until nothing is left to merge or a write comes. FTS5 writes every
 * transaction's entries as a new segment and a search reads them all (at 20,000 tickets written
 * over HTTP the word index held 15 segments; the newest matches took three times as long to find
 * as over two). Steps run only while this store holds no transaction and its reads have paused,
 * and use at most a tenth of the thread: a store busy serving reads merges later, not during
 * them (at a million tickets, merging beside a run of searches made them 2–15× slower). When
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
  let lastRead = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const arm = (ms: number) => {
    if (closed || timer !== undefined) return;
    timer = setTimeout(step, ms);
    timer.unref?.();
  };
  function step(): void {
    timer = undefined;
    const started = performance.now();
    const quiet = started - lastWrite;
    if (quiet < idleMs) return arm(idleMs - quiet);
    const readQuiet = started - lastRead;
    if (readQuiet < MERGE_READ_QUIET_MS) return arm(MERGE_READ_QUIET_MS - readQuiet);
    if (lock.held || ctx.db.inTransaction || !options.usable()) return arm(idleMs);
    let outcome: MergeStep;
    try {
      outcome = mergeSearchIndexesStep(ctx);
    } catch {
      return; // a read-only file, say: nothing to merge until the next write shows otherwise
    }
    if (outcome === 'merged') arm((performance.now() - started) * (1 / MERGE_SHARE - 1));
    else if (outcome === 'busy') arm(idleMs);
  }
  if (idleMs > 0) arm(idleMs);
  return {
    wrote() {
      if (idleMs <= 0) return;
      lastWrite = performance.now();
      arm(idleMs);
    },
    read() {
      lastRead = performance.now();
    },
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
