import {
  SlaValidationError,
  TICKET_PRIORITIES,
  WEEKDAYS,
  type BusinessCalendar,
  type SlaPolicy,
} from '@tessera/core';
import { wireSlaErrors } from '../wire/sla.js';
import type { FormErrors } from './views/fields.js';

/**
 * The calendar and policy forms: their string values, the core input they stand for, and core's
 * nested errors placed beside the inputs. Input names are the wire's error paths joined with
 * dots (`hours.mon`, `targets.urgent.resolution_minutes`), so each error lands on its input and
 * the messages are the ones the REST API gives.
 */
export type SettingsFormValues = Record<string, string | string[]>;

type FormBody = Record<string, string | File | (string | File)[]>;

/** Strings of a parsed form body (repeated fields — checkboxes — as lists). */
export function readSettingsForm(body: FormBody): SettingsFormValues {
  const out: SettingsFormValues = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '_csrf') continue;
    if (Array.isArray(value)) out[key] = value.filter((v): v is string => typeof v === 'string');
    else if (typeof value === 'string') out[key] = value.replace(/\r\n?/gu, '\n');
  }
  return out;
}

const text = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
const list = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []);
const pieces = (v: string): string[] => v.split(/[,\n]/u).map((s) => s.trim()).filter(Boolean);

/** A number field: empty → undefined, a number → the number, anything else as typed (core says why). */
function numberOrText(v: string): number | string | undefined {
  if (v === '') return undefined;
  return /^-?\d+$/u.test(v) ? Number(v) : v;
}

/** `09:00-12:00, 13:00-17:00` → intervals; a piece without a dash stays one item (core refuses it). */
function parseIntervals(v: string): unknown[] {
  return pieces(v).map((piece) => {
    const parts = piece.split(/\s*[-–]\s*/u);
    return parts.length === 2 ? parts : [piece];
  });
}

const formatIntervals = (intervals: readonly (readonly [string, string])[]): string => intervals.map(([a, b]) => `${a}-${b}`).join(', ');

/** Form values of a calendar (for the edit page). */
export function calendarFormValues(c: BusinessCalendar): SettingsFormValues {
  const out: SettingsFormValues = { name: c.name, timezone: c.timezone, holidays: c.holidays.join('\n') };
  for (const day of WEEKDAYS) out[`hours.${day}`] = formatIntervals(c.hours[day] ?? []);
  return out;
}

/** Core calendar input of the form. */
export function calendarInput(v: SettingsFormValues): Record<string, unknown> {
  const hours: Record<string, unknown[]> = {};
  for (const day of WEEKDAYS) hours[day] = parseIntervals(text(v[`hours.${day}`]));
  return { name: text(v.name), timezone: text(v.timezone), hours, holidays: pieces(text(v.holidays)) };
}

/** Form values of a policy (for the edit page). */
export function policyFormValues(p: SlaPolicy): SettingsFormValues {
  const out: SettingsFormValues = {
    name: p.name,
    position: String(p.position),
    'match.priority': [...p.match.priority],
    'match.category': [...p.match.category],
    'match.customer': p.match.customer.join(', '),
    calendar: p.calendarId === null ? '' : String(p.calendarId),
    pause_statuses: [...p.pauseStatuses],
  };
  for (const priority of TICKET_PRIORITIES) {
    const t = p.targets[priority];
    out[`targets.${priority}.first_response_minutes`] = t?.firstResponseMinutes == null ? '' : String(t.firstResponseMinutes);
    out[`targets.${priority}.resolution_minutes`] = t?.resolutionMinutes == null ? '' : String(t.resolutionMinutes);
  }
  return out;
}

/** Core policy input of the form. A priority with both minute fields empty has no targets. */
export function policyInput(v: SettingsFormValues): Record<string, unknown> {
  const targets: Record<string, Record<string, unknown>> = {};
  for (const priority of TICKET_PRIORITIES) {
    const first = numberOrText(text(v[`targets.${priority}.first_response_minutes`]));
    const resolution = numberOrText(text(v[`targets.${priority}.resolution_minutes`]));
    if (first === undefined && resolution === undefined) continue;
    targets[priority] = { firstResponseMinutes: first ?? null, resolutionMinutes: resolution ?? null };
  }
  const position = numberOrText(text(v.position));
  const calendar = text(v.calendar);
  return {
    name: text(v.name),
    ...(position === undefined ? {} : { position }),
    match: {
      priority: list(v['match.priority']),
      category: list(v['match.category']),
      customer: pieces(text(v['match.customer'])).map((s) => numberOrText(s)),
    },
    calendarId: calendar === '' ? null : numberOrText(calendar),
    pauseStatuses: list(v.pause_statuses),
    targets,
  };
}

/** Core's nested errors as form errors keyed by input name (`targets.urgent.resolution_minutes`). */
export function settingsFormErrors(error: SlaValidationError): FormErrors {
  const out: FormErrors = {};
  const walk = (node: unknown, path: string[]): void => {
    if (Array.isArray(node)) {
      const key = path.join('.') || 'non_field_errors';
      out[key] = [...(out[key] ?? []), ...(node as string[])];
    } else if (node && typeof node === 'object') {
      for (const [k, child] of Object.entries(node)) walk(child, k === 'non_field_errors' ? path : [...path, k]);
    }
  };
  walk(wireSlaErrors(error), []);
  return out;
}
