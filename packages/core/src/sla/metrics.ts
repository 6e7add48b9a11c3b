import { businessMillisecondsBetween, type CalendarLike } from './business-time.js';

/** Business-time metrics of a ticket, in hours rounded to two decimals; null without a policy. */
export interface SlaBusinessMetrics {
  /** Creation → first response, on the policy's calendar (null until the first response). */
  responseTimeBusinessHours: number | null;
  /** Creation → `resolvedAt`, on the policy's calendar (null while unresolved). Pauses are not subtracted. */
  resolutionTimeBusinessHours: number | null;
}

const MS_PER_HOUR = 3_600_000;
const hours = (ms: number) => Math.round((ms / MS_PER_HOUR) * 100) / 100;

/**
 * The business-time twins of `responseTimeHours` and `resolutionTimeHours`: the same spans, counted
 * only inside the calendar's open hours (`calendar` null = round-the-clock). `hasPolicy` false → nulls.
 */
export function computeSlaBusinessMetrics(
  hasPolicy: boolean,
  calendar: CalendarLike | null,
  ticket: { createdAt: Date; firstResponseAt: Date | null; resolvedAt: Date | null },
): SlaBusinessMetrics {
  const span = (end: Date | null) =>
    hasPolicy && end !== null ? hours(businessMillisecondsBetween(calendar, ticket.createdAt, end)) : null;
  return { responseTimeBusinessHours: span(ticket.firstResponseAt), resolutionTimeBusinessHours: span(ticket.resolvedAt) };
}
