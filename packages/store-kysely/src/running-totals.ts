import type { TicketFilter } from '@tessera/core';

/** Filter fields the running-totals table is grouped by. */
export const TOTALS_DIMENSIONS = ['status', 'priority', 'category', 'unassigned'] as const;

/** The filter fields that actually restrict rows (`false` flags and empty searches do not). */
export function activeFilterKeys(filter: TicketFilter): (keyof TicketFilter)[] {
  return (Object.entries(filter) as [keyof TicketFilter, unknown][])
    .filter(([key, value]) => {
      // `slaBreached: false` is a condition (no target missed); other `false` flags are not.
      if (value === undefined || (value === false && key !== 'slaBreached')) return false;
      if (key === 'searchTerms') return (value as string[]).length > 0;
      return true;
    })
    .map(([key]) => key);
}

/**
 * Whether the running totals (grouped by status, priority, category and unassigned) can answer
 * a count or statistics query over `filter`: true when it constrains nothing else.
 */
export function totalsAnswer(filter: TicketFilter): boolean {
  const dimensions: readonly string[] = TOTALS_DIMENSIONS;
  return activeFilterKeys(filter).every((key) => dimensions.includes(key));
}
