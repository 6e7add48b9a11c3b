import type { DurationPercentiles, TicketPercentiles } from '@tessera/core';
import { z } from 'zod';

const duration = z.object({
  /** Tickets in the window that have this duration (answered / resolved). */
  sample_size: z.number().int(),
  /** Seconds at each percentile, keyed as asked (`"50"`, `"99.9"`); null with no sample. */
  seconds: z.record(z.string(), z.number().nullable()),
});

/** `GET /tickets/percentiles/`: nearest-rank first-response and resolution times (wall clock, seconds). */
export const wirePercentilesSchema = z.object({
  percentiles: z.array(z.number()),
  /** Tickets matching the filters (the window: `created_after`/`created_before`). */
  tickets: z.number().int(),
  first_response: duration,
  resolution: duration,
});

const toWireDuration = (d: DurationPercentiles) => ({ sample_size: d.sampleSize, seconds: d.seconds });

/** The service's percentiles in the wire's snake_case. */
export function toWirePercentiles(p: TicketPercentiles): z.output<typeof wirePercentilesSchema> {
  return { percentiles: p.percentiles, tickets: p.tickets, first_response: toWireDuration(p.firstResponse), resolution: toWireDuration(p.resolution) };
}
