import {
  detailsKey,
  editableFields,
  fieldLabel,
  TICKET_FIELDS,
  type TicketFieldCatalogue,
  type TicketFieldSpec,
  type TicketView,
} from '@tessera/core';
import { html } from 'hono/html';
import type { PageContext } from '../context.js';
import {
  checkboxField,
  codeChoices,
  csrfField,
  inputField,
  personField,
  personLabel,
  selectField,
  textareaField,
  type Choice,
  type FormErrors,
} from './fields.js';
import type { Flash, Html } from './html.js';
import { layout } from './layout.js';

/** The editable fields of a catalogue, by wire name, in catalogue order. */
export function ticketFormFieldsIn(catalogue: TicketFieldCatalogue): string[] {
  return editableFields(catalogue).map((name) => catalogue[name]!.wire);
}

/** The editable ticket fields, by wire name, in core's order (derived from `TICKET_FIELDS`). */
export const TICKET_FORM_FIELDS = ticketFormFieldsIn(TICKET_FIELDS);
export type TicketFormField = string;
export type TicketFormValues = Partial<Record<TicketFormField, string>>;

/** One field's value as its input shows it. */
function formValue(spec: TicketFieldSpec, value: unknown, details: unknown): string {
  if (value === null || value === undefined) return '';
  switch (spec.kind) {
    case 'id':
      return details ? personLabel(details as { id: number; name: string; email: string }) : String(value);
    case 'timestamp':
      // datetime-local holds minutes; the label says the zone is UTC.
      return (value as Date).toISOString().slice(0, 16);
    case 'tags':
      return (value as string[]).join(', ');
    case 'boolean':
      return value ? 'true' : '';
    default:
      return String(value);
  }
}

/** The form's strings for a view over any catalogue; the edit handler diffs submissions against these. */
export function ticketFormValuesIn(catalogue: TicketFieldCatalogue, view: Readonly<Record<string, unknown>>): TicketFormValues {
  const values: TicketFormValues = {};
  for (const name of editableFields(catalogue)) {
    values[catalogue[name]!.wire] = formValue(catalogue[name]!, view[name], view[detailsKey(name)]);
  }
  return values;
}

/** The form's strings for a ticket. */
export function ticketFormValues(t: TicketView): TicketFormValues {
  return ticketFormValuesIn(TICKET_FIELDS, t as unknown as Record<string, unknown>);
}

/** Options of {@link ticketFieldsIn}. */
export interface TicketFieldsOptions {
  categories: readonly string[];
  /** Choices of the lifecycle-controlled field (status); omitted on create, where it is not shown. */
  statusChoices?: Choice[];
}

/** One labelled input for a field, chosen by its kind. */
function fieldInput(page: PageContext, spec: TicketFieldSpec, values: TicketFormValues, errors: FormErrors, options: TicketFieldsOptions): Html | '' {
  const name = spec.wire;
  const base = { name, label: fieldLabel(spec), errors, ...(spec.hint && { hint: spec.hint }) };
  switch (spec.kind) {
    case 'text':
      return (spec.maxLength ?? 1000) > 1000
        ? html`<div class="span-2">${textareaField({ ...base, value: values[name], required: spec.required === true, rows: 6 })}</div>`
        : html`<div class="span-2">${inputField({ ...base, value: values[name], required: spec.required === true })}</div>`;
    case 'code': {
      if (spec.onCreate === false) {
        // Lifecycle-controlled (status): only the moves the lifecycle allows, and only on edit.
        return options.statusChoices
          ? selectField({ ...base, value: values[name], choices: options.statusChoices, hint: 'Only the moves the lifecycle allows are offered.' })
          : '';
      }
      const codes = spec.choices === 'categories' ? options.categories : (spec.choices ?? []);
      return selectField({
        ...base,
        value: values[name] ?? spec.createDefault,
        choices: codeChoices(codes),
        ...(spec.nullable && { blank: '—' }),
      });
    }
    case 'id':
      return spec.refersTo
        ? personField({ ...base, value: values[name], source: `${page.base}/autocomplete/${spec.refersTo === 'user' ? 'users' : 'customers'}`, required: !spec.nullable })
        : inputField({ ...base, type: 'number', step: '1', min: '1', value: values[name] });
    case 'timestamp':
      return inputField({ ...base, type: 'datetime-local', value: values[name] });
    case 'decimal':
      return inputField({ ...base, type: 'number', step: '0.01', min: '0', value: values[name] });
    case 'integer':
      return inputField({ ...base, type: 'number', step: '1', value: values[name] });
    case 'boolean':
      return checkboxField({ name, label: base.label, checked: values[name] === 'true' });
    default:
      return inputField({ ...base, value: values[name] });
  }
}

/** Every editable field of a catalogue as labelled inputs, in catalogue order. */
export function ticketFieldsIn(
  catalogue: TicketFieldCatalogue,
  page: PageContext,
  values: TicketFormValues,
  errors: FormErrors,
  options: TicketFieldsOptions,
): Html {
  const inputs = editableFields(catalogue).map((name) => fieldInput(page, catalogue[name]!, values, errors, options));
  return html`<div class="form-grid">${inputs}</div>`;
}

/** Every ticket field as labelled inputs. `statusChoices` is omitted on create (tickets start new). */
export function ticketFields(page: PageContext, values: TicketFormValues, errors: FormErrors, options: TicketFieldsOptions): Html {
  return ticketFieldsIn(TICKET_FIELDS, page, values, errors, options);
}

/** The create-ticket page. */
export function newTicketPage(
  page: PageContext,
  values: TicketFormValues,
  errors: FormErrors,
  categories: readonly string[],
  flashes: Flash[] = [],
): Html {
  return layout(
    page,
    'New ticket',
    html`<h1>New ticket</h1>
    <form method="post" action="${page.base}/tickets/new" class="card">
      ${csrfField(page.csrf)}
      ${ticketFields(page, values, errors, { categories })}
      <div class="actions"><button type="submit" class="btn btn-primary">Create ticket</button>
      <a class="btn" href="${page.base}/tickets">Cancel</a></div>
    </form>`,
    flashes,
  );
}
