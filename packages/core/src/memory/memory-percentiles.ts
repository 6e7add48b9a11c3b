import type { Ticket } from '../domain/model.js';
import { nearestRankValues } from '../domain/percentiles.js';
import type { PercentileOptions, StorePercentiles } from '../ports/ticket-percentiles.js';

/** Milliseconds from creation to `end` for the tickets that have an `end`. */
function durations(tickets: readonly Ticket[], end: (ticket: Ticket) => Date | null): number[] {
  const out: number[] = [];
  for (const ticket of tickets) {
    const at = end(ticket);
    if (at !== null) out.push(at.getTime() - ticket.createdAt.getTime());
  }
  return out;
}

/** The port's percentiles over already-filtered tickets, by core's nearest-rank rule (the reference the SQL stores match). */
export function ticketPercentiles(tickets: readonly Ticket[], options: PercentileOptions): StorePercentiles {
  const of = (end: (ticket: Ticket) => Date | null) => {
    const samples = durations(tickets, end);
    return { count: samples.length, valuesMs: nearestRankValues(samples, options.hundredths) };
  };
  return {
    tickets: tickets.length,
    firstResponse: of((t) => t.firstResponseAt),
    resolution: of((t) => t.resolvedAt),
  };
}
