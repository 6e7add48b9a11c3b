import type { Page, PercentileOptions, StatisticsOptions, Ticket, TicketFilter, TicketQuery, TicketStore } from '@tessera/core';
import { QueryPool } from './query-pool.js';

/** The query budget settings of a SQLite store. */
export interface QueryBudgetOptions {
  /**
   * Time budget of a search, in ms: a list or statistics query with search terms (and every percentiles query) runs on a worker
   * thread and fails with `QueryTimeoutError` (HTTP 503) past it, while the main thread keeps
   * serving other requests. Lists whose search is cheap whatever its terms run on the calling
   * thread instead: a search alone, on one of the first pages, through the word index, reading at
   * most 250,000 index entries (words containing the terms × tickets). Default 5000; 0 runs every
   * search on the main thread with no budget. Needs a database file (an in-memory database cannot
   * be shared with a worker).
   */
  queryTimeoutMs?: number;
  /**
   * Most worker threads for searches (each with its own read-only connection). Default 2. They
   * start on demand and exit after 30 s without work.
   */
  queryWorkers?: number;
}

/** Default budget of one search, ms. */
export const DEFAULT_QUERY_TIMEOUT_MS = 5000;

type BudgetedReads = Pick<TicketStore, 'listTickets' | 'statistics' | 'percentiles'>;

const searches = (filter: TicketFilter) => (filter?.searchTerms?.length ?? 0) > 0;

/**
 * Wraps a store's `listTickets` and `statistics` so those with search terms — and every `percentiles` — the
 * reads whose cost the client controls: FTS5 work grows with the number and commonness of terms, not with
 * the page size — run on the {@link QueryPool} within the budget. Reads without search stay on
 * the main connection: they walk an index and stop after a page; so do lists that `listIfCheap`
 * answers (their hop to a worker and back would cost more than the query).
 * Returns the reads unchanged (and no pool) when the budget is off or there is no file to share.
 */
export function withQueryBudget<T extends BudgetedReads>(
  reads: T,
  options: QueryBudgetOptions & {
    filename: string | null;
    tablePrefix: string;
    busyTimeoutMs: number;
    cacheSizeKiB: number;
    checkUsable: () => void;
    /** A list with search terms run on the calling thread when it is cheap (no hop to a worker), else null. */
    listIfCheap?: (query: TicketQuery) => Promise<Page<Ticket> | null>;
  },
): { reads: T; close: () => Promise<void> } {
  const budgetMs = options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  if (budgetMs <= 0 || options.filename === null) return { reads, close: async () => {} };
  const pool = new QueryPool({
    filename: options.filename,
    tablePrefix: options.tablePrefix,
    busyTimeoutMs: options.busyTimeoutMs,
    cacheSizeKiB: options.cacheSizeKiB,
    budgetMs,
    size: Math.max(1, Math.trunc(options.queryWorkers ?? 2)),
  });
  const budgeted: T = {
    ...reads,
    listTickets: async (query: TicketQuery) => {
      if (!searches(query.filter)) return reads.listTickets(query);
      const cheap = await options.listIfCheap?.(query);
      if (cheap) return cheap;
      options.checkUsable();
      return pool.run('listTickets', [query]);
    },
    statistics: async (filter: TicketFilter, statisticsOptions: StatisticsOptions) => {
      if (!searches(filter)) return reads.statistics(filter, statisticsOptions);
      options.checkUsable();
      return pool.run('statistics', [filter, statisticsOptions]);
    },
    // Always on the pool: a percentile sorts every duration in the window, and the caller picks the
    // window (a year of a million tickets takes seconds), so it gets a search's budget off the main thread.
    percentiles: async (filter: TicketFilter, percentileOptions: PercentileOptions) => {
      options.checkUsable();
      return pool.run('percentiles', [filter, percentileOptions]);
    },
  };
  return { reads: budgeted, close: () => pool.close() };
}
