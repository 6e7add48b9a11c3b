/** Options of a store's duration-percentiles query. */
export interface PercentileOptions {
  /**
   * The percentiles wanted, in hundredths of a percent (`5000` = p50, `9990` = p99.9): integers
   * 1…10000, ascending, distinct. Each is the nearest-rank value (`nearestRank`).
   */
  hundredths: readonly number[];
  /** The instant `overdue` and SLA filters are judged against. */
  now: Date;
}

/** One duration over the matching tickets that have it. */
export interface StoreDurationPercentiles {
  /** Tickets that have this duration (a first response / a `resolvedAt`). */
  count: number;
  /** Milliseconds at each requested percentile, in the order asked; every entry null when `count` is 0. */
  valuesMs: (number | null)[];
}

/**
 * Nearest-rank percentiles of the wall-clock first-response time (`firstResponseAt - createdAt`)
 * and resolution time (`resolvedAt - createdAt`) over the tickets matching a filter, computed by
 * the store in SQL (never by loading tickets), from one snapshot.
 */
export interface StorePercentiles {
  /** Tickets matching the filter (responded to or not, resolved or not). */
  tickets: number;
  firstResponse: StoreDurationPercentiles;
  resolution: StoreDurationPercentiles;
}
