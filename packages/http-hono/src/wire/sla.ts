import {
  SlaValidationError,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  WEEKDAYS,
  type BusinessCalendar,
  type SlaPolicy,
} from '@tessera/core';
import { z } from 'zod';
import { wireErrorTree } from './messages.js';

/**
 * Business calendars and SLA policies on the wire (snake_case), both ways: request and response
 * schemas (for the OpenAPI document), serializers, the body → core input mapping, and core's
 * nested validation errors in wire names. Core validates; these schemas only describe.
 */

const interval = z.tuple([z.string().meta({ examples: ['09:00'] }), z.string().meta({ examples: ['17:00'] })]);
const hours = z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(interval).optional()])) as Record<(typeof WEEKDAYS)[number], z.ZodOptional<z.ZodArray<typeof interval>>>);
const wireHours = z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(interval)])) as Record<(typeof WEEKDAYS)[number], z.ZodArray<typeof interval>>);
const localDate = z.string().meta({ format: 'date', examples: ['2026-12-25'] });

/** Calendar body (POST/PUT; PATCH sends any subset). Days left out of `hours` are closed. */
export const wireCalendarInputSchema = z.object({
  name: z.string().max(100),
  timezone: z.string().meta({ description: 'IANA time zone', examples: ['Europe/Berlin'] }),
  hours: hours.meta({ description: 'Local opening intervals per weekday; `"24:00"` may end one.' }),
  holidays: z.array(localDate).optional(),
});

/** A business calendar on the wire. */
export const wireCalendarSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  timezone: z.string(),
  hours: wireHours,
  holidays: z.array(localDate),
});

const minutes = z.number().int().min(0).nullable();
const wireTarget = z.object({ first_response_minutes: minutes, resolution_minutes: minutes });
const targetsOf = <T extends z.ZodType>(t: T) =>
  z.object(Object.fromEntries(TICKET_PRIORITIES.map((p) => [p, t.optional()])) as Record<(typeof TICKET_PRIORITIES)[number], z.ZodOptional<T>>);
const match = z.object({
  priority: z.array(z.enum(TICKET_PRIORITIES)),
  category: z.array(z.string()),
  customer: z.array(z.number().int()),
});

/** Policy body (POST/PUT; PATCH sends any subset). */
export const wireSlaPolicyInputSchema = z.object({
  name: z.string().max(100),
  position: z.number().int().optional().meta({ description: 'Lower first; a new policy goes last when omitted.' }),
  match: match.partial().optional().meta({ description: 'An empty or missing list accepts any value.' }),
  calendar: z.number().int().nullable().optional().meta({ description: 'Calendar id; null = round-the-clock.' }),
  pause_statuses: z.array(z.enum(TICKET_STATUSES)).optional().meta({ description: 'Default ["pending"].' }),
  targets: targetsOf(wireTarget.partial()).optional(),
});

/** An SLA policy on the wire. */
export const wireSlaPolicySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  position: z.number().int(),
  match,
  calendar: z.number().int().nullable(),
  pause_statuses: z.array(z.enum(TICKET_STATUSES)),
  targets: targetsOf(wireTarget),
});

export type WireCalendar = z.output<typeof wireCalendarSchema>;
export type WireSlaPolicy = z.output<typeof wireSlaPolicySchema>;

/** A calendar as the wire's object. */
export function toWireCalendar(c: BusinessCalendar): WireCalendar {
  const out = {} as WireCalendar['hours'];
  for (const day of WEEKDAYS) out[day] = (c.hours[day] ?? []).map(([a, b]) => [a, b] as [string, string]);
  return { id: c.id, name: c.name, timezone: c.timezone, hours: out, holidays: [...c.holidays] };
}

/** A policy as the wire's object. */
export function toWireSlaPolicy(p: SlaPolicy): WireSlaPolicy {
  const targets: WireSlaPolicy['targets'] = {};
  for (const priority of TICKET_PRIORITIES) {
    const t = p.targets[priority];
    if (t) targets[priority] = { first_response_minutes: t.firstResponseMinutes, resolution_minutes: t.resolutionMinutes };
  }
  return {
    id: p.id,
    name: p.name,
    position: p.position,
    match: { priority: [...p.match.priority], category: [...p.match.category], customer: [...p.match.customer] },
    calendar: p.calendarId,
    pause_statuses: [...p.pauseStatuses],
    targets,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Wire calendar body → core input (same names; unknown keys dropped, as DRF ignores them). */
export function fromWireCalendar(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['name', 'timezone', 'hours', 'holidays']) if (key in body) out[key] = body[key];
  return out;
}

/**
 * Wire policy body → core input: `calendar` → `calendarId`, `pause_statuses` → `pauseStatuses`,
 * target minutes camelCased. Values are passed as sent, so core reports their problems; unknown
 * keys are dropped.
 */
export function fromWireSlaPolicy(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['name', 'position', 'match']) if (key in body) out[key] = body[key];
  if ('calendar' in body) out.calendarId = body.calendar;
  if ('pause_statuses' in body) out.pauseStatuses = body.pause_statuses;
  if ('targets' in body) {
    const targets = body.targets;
    if (!isObject(targets)) out.targets = targets;
    else {
      out.targets = Object.fromEntries(
        Object.entries(targets).map(([priority, t]) => {
          if (!isObject(t)) return [priority, t];
          const target: Record<string, unknown> = {};
          if ('first_response_minutes' in t) target.firstResponseMinutes = t.first_response_minutes;
          if ('resolution_minutes' in t) target.resolutionMinutes = t.resolution_minutes;
          return [priority, target];
        }),
      );
    }
  }
  return out;
}

const TOP_LEVEL: Record<string, string> = { calendarId: 'calendar', pauseStatuses: 'pause_statuses', nonFieldErrors: 'non_field_errors' };
const TARGET_KEYS: Record<string, string> = { firstResponseMinutes: 'first_response_minutes', resolutionMinutes: 'resolution_minutes' };

/**
 * Core's nested calendar/policy errors with wire keys: `{"hours": {"mon": [...]}}`,
 * `{"targets": {"mega": [...]}}`, `{"targets": {"urgent": {"resolution_minutes": [...]}}}`. Keys
 * the client chose (days, priorities) are kept as sent.
 */
export function wireSlaErrors(error: SlaValidationError): Record<string, unknown> {
  return wireErrorTree(error.tree, (key, parents) => {
    if (parents.length === 0) return TOP_LEVEL[key] ?? key;
    if (parents[0] === 'targets' && parents.length === 2) return TARGET_KEYS[key] ?? key;
    return key === 'nonFieldErrors' ? 'non_field_errors' : key;
  });
}
