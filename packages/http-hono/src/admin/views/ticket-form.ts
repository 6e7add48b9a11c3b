import { TICKET_PRIORITIES, TRACKED_FIELDS, type TicketView, type TrackedField } from '@tessera/core';
import { html } from 'hono/html';
import type { PageContext } from '../context.js';
import {
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

/** The editable ticket fields, by wire name, in core's order (core's `TRACKED_FIELDS`). */
export const TICKET_FORM_FIELDS = Object.values(TRACKED_FIELDS);
export type TicketFormField = (typeof TRACKED_FIELDS)[TrackedField];
export type TicketFormValues = Partial<Record<TicketFormField, string>>;

/** The form's strings for a ticket; the edit handler diffs submissions against these. */
export function ticketFormValues(t: TicketView): TicketFormValues {
  return {
    subject: t.subject,
    description: t.description,
    status: t.status,
    priority: t.priority,
    category: t.category,
    customer: t.customerDetails ? personLabel(t.customerDetails) : String(t.customerId),
    assigned_to: t.assignedToDetails
      ? personLabel(t.assignedToDetails)
      : t.assignedToId === null
        ? ''
        : String(t.assignedToId),
    // datetime-local holds minutes; the label says the zone is UTC.
    due_date: t.dueDate ? t.dueDate.toISOString().slice(0, 16) : '',
    estimated_hours: t.estimatedHours === null ? '' : String(t.estimatedHours),
    actual_hours: t.actualHours === null ? '' : String(t.actualHours),
    tags: t.tags.join(', '),
  };
}

/** Every ticket field as labelled inputs. `statusChoices` is omitted on create (tickets start new). */
export function ticketFields(
  page: PageContext,
  values: TicketFormValues,
  errors: FormErrors,
  options: { categories: readonly string[]; statusChoices?: Choice[] },
): Html {
  const users = `${page.base}/autocomplete/users`;
  const customers = `${page.base}/autocomplete/customers`;
  return html`<div class="form-grid">
    <div class="span-2">${inputField({ name: 'subject', label: 'Subject', value: values.subject, required: true, errors })}</div>
    <div class="span-2">${textareaField({ name: 'description', label: 'Description', value: values.description, required: true, rows: 6, errors })}</div>
    ${
      options.statusChoices
        ? selectField({
            name: 'status',
            label: 'Status',
            value: values.status,
            choices: options.statusChoices,
            hint: 'Only the moves the lifecycle allows are offered.',
            errors,
          })
        : ''
    }
    ${selectField({ name: 'priority', label: 'Priority', value: values.priority ?? 'medium', choices: codeChoices(TICKET_PRIORITIES), errors })}
    ${selectField({ name: 'category', label: 'Category', value: values.category ?? 'general', choices: codeChoices(options.categories), errors })}
    ${personField({ name: 'customer', label: 'Customer', value: values.customer, source: customers, required: true, errors })}
    ${personField({ name: 'assigned_to', label: 'Assigned to', value: values.assigned_to, source: users, hint: 'Leave empty for unassigned.', errors })}
    ${inputField({ name: 'due_date', label: 'Due date (UTC)', type: 'datetime-local', value: values.due_date, errors })}
    ${inputField({ name: 'estimated_hours', label: 'Estimated hours', type: 'number', step: '0.01', min: '0', value: values.estimated_hours, errors })}
    ${inputField({ name: 'actual_hours', label: 'Actual hours', type: 'number', step: '0.01', min: '0', value: values.actual_hours, errors })}
    ${inputField({ name: 'tags', label: 'Tags', value: values.tags, hint: 'Comma-separated.', errors })}
  </div>`;
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
