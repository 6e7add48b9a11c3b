import {
  DEFAULT_PERCENTILES,
  percentileHundredths,
  ticketPercentilesQuerySchema,
  type TicketPercentilesQuery,
} from '../domain/percentiles.js';
import type { Actor } from '../domain/model.js';
import type { StoreDurationPercentiles, StorePercentiles } from '../ports/ticket-percentiles.js';
import type { ServiceContext } from './context.js';
import { assertStaff } from './policy.js';
import { toStoreFilter } from './ticket-query.js';
import { parseInput } from './validate.js';

/** One duration's nearest-rank percentiles over the tickets that have it. */
export interface DurationPercentiles {
  /** Tickets with this duration among those matched (responded to / resolved). */
  sampleSize: number;
  /**
   * Seconds (wall-clock, millisecond precision) at each percentile, keyed by the percentile as
   * written (`"50"`, `"99.9"`); null when `sampleSize` is 0.
   */
  seconds: Record<string, number | null>;
}

/** Response and resolution time percentiles of the tickets matching a query. */
export interface TicketPercentiles {
  /** The percentiles computed, ascending, without repeats. */
  percentiles: number[];
  /** Tickets matched (created in the window under the filters), with or without a response or resolution. */
  tickets: number;
  /** Creation → first response (`firstResponseAt`); tickets never responded to are left out. */
  firstResponse: DurationPercentiles;
  /** Creation → `resolvedAt`; tickets without a `resolvedAt` are left out. */
  resolution: DurationPercentiles;
}

const MS_PER_SECOND = 1000;

function toSeconds(percentiles: readonly number[], store: StoreDurationPercentiles): DurationPercentiles {
  return {
    sampleSize: store.count,
    seconds: Object.fromEntries(
      percentiles.map((p, i) => {
        const ms = store.valuesMs[i] ?? null;
        return [String(p), ms === null ? null : ms / MS_PER_SECOND];
      }),
    ),
  };
}

/**
 * Nearest-rank percentiles (see `nearestRank`) of the wall-clock first-response and resolution
 * times over the tickets matching `query` — the list filters, with `createdAfter`/`createdBefore`
 * as the window of creation — computed by the store. Staff only. Business-time durations are not
 * offered: they depend on each ticket's policy calendar and are not stored, so no store can rank
 * them in SQL.
 */
export async function ticketPercentiles(
  ctx: ServiceContext,
  actor: Actor,
  query: TicketPercentilesQuery = {},
): Promise<TicketPercentiles> {
  assertStaff(actor, 'view response and resolution time percentiles');
  const { percentiles: asked, ...filters } = parseInput(ticketPercentilesQuerySchema, query);
  // Ascending, each once (the store's contract).
  const byHundredths = new Map((asked ?? DEFAULT_PERCENTILES).map((p) => [percentileHundredths(p), p]));
  const hundredths = [...byHundredths.keys()].sort((a, b) => a - b);
  const percentiles = hundredths.map((h) => h / 100);
  // A filter that can match nothing becomes one that matches nothing: no customer has id 0.
  const filter = toStoreFilter(actor, filters, ctx.categories) ?? { customerId: 0 };
  const stored: StorePercentiles = await ctx.store.percentiles(filter, { hundredths, now: ctx.clock.now() });
  return {
    percentiles,
    tickets: stored.tickets,
    firstResponse: toSeconds(percentiles, stored.firstResponse),
    resolution: toSeconds(percentiles, stored.resolution),
  };
}
