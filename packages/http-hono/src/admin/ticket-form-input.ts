import { TRACKED_FIELDS, type PatchTicketInput, type TicketPriority, type TicketStatus } from '@tessera/core';
import type { z } from 'zod';
import { leadingId } from './list-query.js';
import type { FormErrors } from './views/fields.js';
import { TICKET_FORM_FIELDS, type TicketFormField, type TicketFormValues } from './views/ticket-form.js';

/** Core input key of each form field (and back, for placing core's field errors). */
export const CORE_KEY = Object.fromEntries(
  Object.entries(TRACKED_FIELDS).map(([core, form]) => [form, core]),
) as Record<TicketFormField, keyof PatchTicketInput>;
export const FORM_FIELD_FOR_CORE: Record<string, string> = { ...TRACKED_FIELDS };

/** The ticket fields of a submitted form, with browser line endings (CRLF) normalised. */
export function readTicketForm(body: Record<string, unknown>): TicketFormValues {
  const values: TicketFormValues = {};
  for (const name of TICKET_FORM_FIELDS) {
    const v = body[name];
    if (typeof v === 'string') values[name] = v.replace(/\r\n?/gu, '\n');
  }
  return values;
}

const LOCAL_MINUTES = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/u;

function convert(
  name: TicketFormField,
  value: string,
): { ok: true; value: unknown } | { ok: false; message: string } {
  switch (name) {
    case 'customer': {
      const id = leadingId(value);
      return id === null ? { ok: false, message: 'Pick a customer from the suggestions (or enter its id).' } : { ok: true, value: id };
    }
    case 'assigned_to': {
      if (!value.trim()) return { ok: true, value: null };
      const id = leadingId(value);
      return id === null ? { ok: false, message: 'Pick a user from the suggestions (or enter their id).' } : { ok: true, value: id };
    }
    case 'due_date':
      if (!value.trim()) return { ok: true, value: null };
      // datetime-local has no zone; the form labels it UTC.
      return { ok: true, value: LOCAL_MINUTES.test(value) ? `${value}:00Z` : value };
    case 'estimated_hours':
    case 'actual_hours': {
      if (!value.trim()) return { ok: true, value: null };
      const n = Number(value);
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: 'Enter a number.' };
    }
    case 'status':
      return { ok: true, value: value as TicketStatus };
    case 'priority':
      return { ok: true, value: value as TicketPriority };
    default:
      return { ok: true, value };
  }
}

/**
 * Converts submitted form values into core input. With `original` (the form as it was rendered),
 * only fields the user changed are sent, so a round trip through the inputs (minutes-only due
 * dates, `"12 — Name"` pickers) never records a change nobody made.
 */
export function toTicketInput(
  values: TicketFormValues,
  original?: TicketFormValues,
): { input: PatchTicketInput; errors: FormErrors } {
  const input: Record<string, unknown> = {};
  const errors: FormErrors = {};
  for (const name of TICKET_FORM_FIELDS) {
    const value = values[name];
    if (value === undefined) continue;
    if (original && original[name]?.replace(/\r\n?/gu, '\n') === value) continue;
    if (!original && value.trim() === '' && name !== 'subject' && name !== 'description' && name !== 'customer') continue;
    const result = convert(name, value);
    if (result.ok) input[CORE_KEY[name]] = result.value;
    else errors[name] = [result.message];
  }
  return { input: input as PatchTicketInput, errors };
}

/**
 * Adds what core's own input schema says about `input` to `errors` (first message per field,
 * fields that already have one kept), so a form refused for a picker also shows its other problems.
 */
export function addSchemaErrors(schema: z.ZodType, input: PatchTicketInput, errors: FormErrors): FormErrors {
  const check = schema.safeParse(input);
  for (const issue of check.success ? [] : check.error.issues) {
    const name = FORM_FIELD_FOR_CORE[String(issue.path[0])];
    if (name && !errors[name]?.length) errors[name] = [issue.message];
  }
  return errors;
}
