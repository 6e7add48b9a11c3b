import { TICKET_PRIORITIES, TICKET_STATUSES, WEEKDAYS, type BusinessCalendar, type SlaPolicy } from '@tessera/core';
import { html } from 'hono/html';
import type { PageContext } from '../context.js';
import type { SettingsFormValues } from '../sla-form-input.js';
import { csrfField, inputField, selectField, textareaField, type FormErrors } from './fields.js';
import { humanize, type Flash, type Html } from './html.js';
import { layout } from './layout.js';

/** Business calendars and SLA policies: list pages and their create/edit forms. */

const DAY_LABELS: Record<(typeof WEEKDAYS)[number], string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

const str = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const has = (v: string | string[] | undefined, code: string): boolean => (Array.isArray(v) ? v.includes(code) : v === code);

/** A group of checkboxes sharing one name, with the group's errors. */
function checkGroup(name: string, legend: string, codes: readonly string[], values: SettingsFormValues, errors: FormErrors, hint?: string): Html {
  const errs = errors[name] ?? [];
  return html`<fieldset class="check-group${errs.length ? ' has-error' : ''}">
    <legend>${legend}</legend>
    ${codes.map(
      (code) => html`<label class="check"><input type="checkbox" name="${name}" value="${code}"${has(values[name], code) ? html` checked` : ''}> ${humanize(code)}</label>`,
    )}
    ${hint ? html`<p class="hint">${hint}</p>` : ''}
    ${errs.length ? html`<p class="error" id="f-${name}-error">${errs.join(' ')}</p>` : ''}
  </fieldset>`;
}

function hoursSummary(c: BusinessCalendar): string {
  const open = WEEKDAYS.filter((d) => (c.hours[d] ?? []).length > 0);
  if (open.length === 0) return 'Closed every day';
  return open.map((d) => `${humanize(d)} ${(c.hours[d] ?? []).map(([a, b]) => `${a}–${b}`).join(', ')}`).join(' · ');
}

function deleteForm(page: PageContext, action: string, label: string): Html {
  return html`<form method="post" action="${action}" class="inline-form">
    ${csrfField(page.csrf)}
    <button type="submit" class="btn btn-link danger" aria-label="Delete ${label}">Delete</button>
  </form>`;
}

/** What a settings list page shows: its records as a table, one column per heading. */
interface SettingsList<T> {
  title: string;
  /** Path under the admin base (`calendars`); `new` and `:id` pages hang below it. */
  path: string;
  newLabel: string;
  intro: string;
  empty: string;
  items: readonly T[];
  columns: ReadonlyArray<readonly [heading: string, cell: (item: T, base: string) => Html | string | number]>;
}

/** A settings list page: heading with its "New" button, a note, and the table (or a note that it is empty). */
function settingsListPage<T>(page: PageContext, list: SettingsList<T>, flashes: Flash[]): Html {
  const base = `${page.base}/${list.path}`;
  return layout(
    page,
    list.title,
    html`<div class="page-head"><h1>${list.title}</h1><a class="btn btn-primary" href="${base}/new">${list.newLabel}</a></div>
    <p class="muted">${list.intro}</p>
    ${
      list.items.length === 0
        ? html`<p class="empty">${list.empty}</p>`
        : html`<div class="table-wrap"><table class="settings">
      <caption class="visually-hidden">${list.title}</caption>
      <thead><tr>${list.columns.map(([heading]) => html`<th scope="col">${heading}</th>`)}</tr></thead>
      <tbody>${list.items.map(
        (item) => html`<tr>
        ${list.columns.map(([heading, cell]) => html`<td data-label="${heading}">${cell(item, base)}</td>`)}
      </tr>`,
      )}</tbody>
    </table></div>`
    }`,
    flashes,
  );
}

/** A settings create/edit page: heading, the form's fields, save and cancel (`id` null: create). */
function settingsFormPage(
  page: PageContext,
  form: { path: string; id: number | null; title: string; noun: string; fields: Html },
  flashes: Flash[],
): Html {
  const base = `${page.base}/${form.path}`;
  return layout(
    page,
    form.title,
    html`<h1>${form.title}</h1>
    <form method="post" action="${form.id === null ? `${base}/new` : `${base}/${form.id}`}" class="card">
      ${csrfField(page.csrf)}
      <div class="form-grid">
        ${form.fields}
      </div>
      <div class="actions"><button type="submit" class="btn btn-primary">${form.id === null ? `Create ${form.noun}` : `Save ${form.noun}`}</button>
      <a class="btn" href="${base}">Cancel</a></div>
    </form>`,
    flashes,
  );
}

/** `/calendars`: every business calendar. */
export function calendarListPage(page: PageContext, calendars: readonly BusinessCalendar[], flashes: Flash[] = []): Html {
  return settingsListPage(
    page,
    {
      title: 'Business calendars',
      path: 'calendars',
      newLabel: 'New calendar',
      intro: 'Opening hours SLA clocks count in. A policy without a calendar counts round the clock.',
      empty: 'No calendars yet.',
      items: calendars,
      columns: [
        ['Name', (c, base) => html`<a href="${base}/${c.id}">${c.name}</a>`],
        ['Time zone', (c) => c.timezone],
        ['Hours', hoursSummary],
        ['Holidays', (c) => c.holidays.length],
        ['Actions', (c, base) => deleteForm(page, `${base}/${c.id}/delete`, c.name)],
      ],
    },
    flashes,
  );
}

/** The create/edit form of a calendar (`calendar` null: create). */
export function calendarFormPage(
  page: PageContext,
  calendar: BusinessCalendar | null,
  values: SettingsFormValues,
  errors: FormErrors,
  flashes: Flash[] = [],
): Html {
  const fields = html`${inputField({ name: 'name', label: 'Name', value: str(values.name), required: true, errors })}
        ${inputField({ name: 'timezone', label: 'Time zone', value: str(values.timezone), required: true, hint: 'An IANA name, e.g. Europe/Berlin or America/New_York.', errors })}
        <fieldset class="span-2 hours-grid">
          <legend>Opening hours (local time)</legend>
          <p class="hint">Intervals like <code>09:00-12:00, 13:00-17:00</code>; "24:00" may end one. Leave a day empty when closed.</p>
          ${WEEKDAYS.map((day) => inputField({ name: `hours.${day}`, id: `f-hours-${day}`, label: DAY_LABELS[day], value: str(values[`hours.${day}`]), errors }))}
        </fieldset>
        <div class="span-2">${textareaField({ name: 'holidays', label: 'Holidays', value: str(values.holidays), rows: 4, hint: 'Local dates (YYYY-MM-DD), one per line or comma-separated; closed all day.', errors })}</div>`;
  const title = calendar ? `Calendar: ${calendar.name}` : 'New calendar';
  return settingsFormPage(page, { path: 'calendars', id: calendar?.id ?? null, title, noun: 'calendar', fields }, flashes);
}

/** Targets, most urgent priority first. */
function targetsSummary(p: SlaPolicy): string {
  const parts = [...TICKET_PRIORITIES].reverse().flatMap((priority) => {
    const t = p.targets[priority];
    if (!t) return [];
    const fmt = (m: number | null) => (m === null ? '—' : m % 60 === 0 ? `${m / 60}h` : `${m}m`);
    return [`${humanize(priority)}: ${fmt(t.firstResponseMinutes)} / ${fmt(t.resolutionMinutes)}`];
  });
  return parts.length ? parts.join(' · ') : 'No targets';
}

function matchSummary(p: SlaPolicy): string {
  const parts = [
    p.match.priority.length ? `priority ${p.match.priority.join(', ')}` : '',
    p.match.category.length ? `category ${p.match.category.join(', ')}` : '',
    p.match.customer.length ? `customer #${p.match.customer.join(', #')}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'Every ticket';
}

/** `/sla-policies`: policies in evaluation order. */
export function policyListPage(
  page: PageContext,
  policies: readonly SlaPolicy[],
  calendarNames: ReadonlyMap<number, string>,
  flashes: Flash[] = [],
): Html {
  return settingsListPage(
    page,
    {
      title: 'SLA policies',
      path: 'sla-policies',
      newLabel: 'New policy',
      intro: 'The first policy (lowest position) whose match accepts a ticket applies. Targets: first response / resolution.',
      empty: 'No policies yet: tickets have no service-level targets.',
      items: policies,
      columns: [
        ['Position', (p) => p.position],
        ['Name', (p, base) => html`<a href="${base}/${p.id}">${p.name}</a>`],
        ['Applies to', matchSummary],
        ['Calendar', (p) => (p.calendarId === null ? 'Round the clock' : (calendarNames.get(p.calendarId) ?? `#${p.calendarId}`))],
        ['Targets', targetsSummary],
        ['Paused in', (p) => p.pauseStatuses.map(humanize).join(', ') || '—'],
        ['Actions', (p, base) => deleteForm(page, `${base}/${p.id}/delete`, p.name)],
      ],
    },
    flashes,
  );
}

/** The create/edit form of a policy (`policy` null: create). */
export function policyFormPage(
  page: PageContext,
  policy: SlaPolicy | null,
  values: SettingsFormValues,
  errors: FormErrors,
  options: { calendars: readonly BusinessCalendar[]; categories: readonly string[] },
  flashes: Flash[] = [],
): Html {
  const calendarChoices = [{ value: '', label: 'Round the clock' }, ...options.calendars.map((c) => ({ value: String(c.id), label: c.name }))];
  const target = (priority: string, field: string, label: string) =>
    inputField({ name: `targets.${priority}.${field}`, id: `f-${priority}-${field}`, label, type: 'number', min: '0', step: '1', value: str(values[`targets.${priority}.${field}`]), errors });
  const fields = html`${inputField({ name: 'name', label: 'Name', value: str(values.name), required: true, errors })}
        ${inputField({ name: 'position', label: 'Position', type: 'number', step: '1', value: str(values.position), hint: 'Lower first. Empty: after the others.', errors })}
        ${selectField({ name: 'calendar', label: 'Calendar', value: str(values.calendar), choices: calendarChoices, errors })}
        ${inputField({ name: 'match.customer', label: 'Customers (ids)', value: str(values['match.customer']), hint: 'Comma-separated; empty matches every customer.', errors })}
        <div class="span-2">${checkGroup('match.priority', 'Priorities it applies to', TICKET_PRIORITIES, values, errors, 'None checked: every priority.')}</div>
        <div class="span-2">${checkGroup('match.category', 'Categories it applies to', options.categories, values, errors, 'None checked: every category.')}</div>
        <div class="span-2">${checkGroup('pause_statuses', 'Resolution clock pauses in', TICKET_STATUSES, values, errors)}</div>
        <fieldset class="span-2 targets-grid">
          <legend>Targets per priority (business minutes)</legend>
          <p class="hint">Leave both empty for no target at that priority.</p>
          ${TICKET_PRIORITIES.map(
            (priority) => html`<div class="target-row${errors[`targets.${priority}`] ? ' has-error' : ''}">
            <span class="target-name">${humanize(priority)}</span>
            ${target(priority, 'first_response_minutes', 'First response')}
            ${target(priority, 'resolution_minutes', 'Resolution')}
            ${errors[`targets.${priority}`] ? html`<p class="error">${errors[`targets.${priority}`]!.join(' ')}</p>` : ''}
          </div>`,
          )}
          ${errors.targets ? html`<p class="error">${errors.targets.join(' ')}</p>` : ''}
        </fieldset>`;
  const title = policy ? `SLA policy: ${policy.name}` : 'New SLA policy';
  return settingsFormPage(page, { path: 'sla-policies', id: policy?.id ?? null, title, noun: 'policy', fields }, flashes);
}

/** Input names the policy and calendar forms show errors beside (others go into the notice). */
export function placedSettingsFields(values: SettingsFormValues): string[] {
  return [
    ...Object.keys(values),
    'name',
    'timezone',
    'holidays',
    'position',
    'calendar',
    'match.priority',
    'match.category',
    'match.customer',
    'pause_statuses',
    'targets',
    ...WEEKDAYS.map((d) => `hours.${d}`),
    ...TICKET_PRIORITIES.flatMap((p) => [`targets.${p}`, `targets.${p}.first_response_minutes`, `targets.${p}.resolution_minutes`]),
  ];
}
