import {
  editableFields,
  TICKET_FIELDS,
  toFieldIssues,
  type PatchTicketInput,
  type TicketFieldCatalogue,
  type TicketFieldSpec,
} from '@tessera/core';
import type { z } from 'zod';
import { leadingId } from './list-query.js';
import type { FormErrors } from './views/fields.js';
import { adminIssueMessage } from './views/messages.js';
import { TICKET_FORM_FIELDS, type TicketFormValues } from './views/ticket-form.js';

/** Core input key of each form field (wire name → domain name) of a catalogue. */
export function coreKeysIn(catalogue: TicketFieldCatalogue): Record<string, string> {
  return Object.fromEntries(editableFields(catalogue).map((name) => [catalogue[name]!.wire, name]));
}

/** Core input key of each form field (and back, for placing core's field errors). */
export const CORE_KEY = coreKeysIn(TICKET_FIELDS);
export const FORM_FIELD_FOR_CORE: Record<string, string> = Object.fromEntries(Object.entries(CORE_KEY).map(([form, core]) => [core, form]));

/** The ticket fields of a submitted form, with browser line endings (CRLF) normalised. */
export function readTicketForm(body: Record<string, unknown>, fields: readonly string[] = TICKET_FORM_FIELDS): TicketFormValues {
  const values: TicketFormValues = {};
  for (const name of fields) {
    const v = body[name];
    if (typeof v === 'string') values[name] = v.replace(/\r\n?/gu, '\n');
  }
  return values;
}

const LOCAL_MINUTES = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/u;

type Converted = { ok: true; value: unknown } | { ok: false; message: string };

/** One submitted string as core input, by the field's kind (the form's own checks, in its wording). */
function convert(spec: TicketFieldSpec, value: string): Converted {
  const empty = !value.trim();
  switch (spec.kind) {
    case 'id': {
      if (empty && spec.nullable) return { ok: true, value: null };
      const id = leadingId(value);
      if (id !== null) return { ok: true, value: id };
      const what = spec.refersTo === 'customer' ? 'a customer from the suggestions (or enter its id)' : 'a user from the suggestions (or enter their id)';
      return { ok: false, message: spec.refersTo ? `Pick ${what}.` : 'Enter an id.' };
    }
    case 'timestamp':
      if (empty) return { ok: true, value: null };
      // datetime-local has no zone; the form labels it UTC.
      return { ok: true, value: LOCAL_MINUTES.test(value) ? `${value}:00Z` : value };
    case 'decimal':
    case 'integer': {
      if (empty) return { ok: true, value: null };
      const n = Number(value);
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: 'Enter a number.' };
    }
    case 'boolean':
      return { ok: true, value: value === 'true' };
    case 'code':
      return { ok: true, value: empty && spec.nullable ? null : value };
    default:
      return { ok: true, value };
  }
}

/** Whether an empty submission of the field is sent on create (else the field is left out). */
function sentWhenEmpty(spec: TicketFieldSpec): boolean {
  return spec.required === true || (spec.kind === 'id' && !spec.nullable);
}

/**
 * Converts submitted form values into core input, over any catalogue. With `original` (the form
 * as it was rendered), only fields the user changed are sent, so a round trip through the inputs
 * (minutes-only due dates, `"12 — Name"` pickers) never records a change nobody made.
 */
export function toTicketInputIn(
  catalogue: TicketFieldCatalogue,
  values: TicketFormValues,
  original?: TicketFormValues,
): { input: Record<string, unknown>; errors: FormErrors } {
  const input: Record<string, unknown> = {};
  const errors: FormErrors = {};
  for (const name of editableFields(catalogue)) {
    const spec = catalogue[name]!;
    const value = values[spec.wire];
    if (value === undefined) continue;
    if (original && original[spec.wire]?.replace(/\r\n?/gu, '\n') === value) continue;
    if (!original && value.trim() === '' && !sentWhenEmpty(spec)) continue;
    const result = convert(spec, value);
    if (result.ok) input[name] = result.value;
    else errors[spec.wire] = [result.message];
  }
  return { input, errors };
}

/** {@link toTicketInputIn} over `TICKET_FIELDS`. */
export function toTicketInput(values: TicketFormValues, original?: TicketFormValues): { input: PatchTicketInput; errors: FormErrors } {
  const { input, errors } = toTicketInputIn(TICKET_FIELDS, values, original);
  return { input: input as PatchTicketInput, errors };
}

/**
 * Adds what core's own input schema says about `input` to `errors` (first message per field,
 * fields that already have one kept), so a form refused for a picker also shows its other problems.
 */
export function addSchemaErrors(schema: z.ZodType, input: PatchTicketInput, errors: FormErrors): FormErrors {
  const check = schema.safeParse(input, { reportInput: true });
  if (check.success) return errors;
  for (const [key, issues] of Object.entries(toFieldIssues(check.error.issues))) {
    const name = FORM_FIELD_FOR_CORE[key];
    if (name && !errors[name]?.length) errors[name] = [adminIssueMessage(issues[0]!)];
  }
  return errors;
}
