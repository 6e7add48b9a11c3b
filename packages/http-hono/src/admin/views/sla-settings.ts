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

/** `/calendars`: every business calendar. */
export function calendarListPage(page: PageContext, calendars: readonly BusinessCalendar[], flashes: Flash[] = []): Html {
  const base = `${page.base}/calendars`;
  return layout(
    page,
    'Business calendars',
    html`<div class="page-head"><h1>Business calendars</h1><a class="btn btn-primary" href="${base}/new">New calendar</a></div>
    <p class="muted">Opening hours SLA clocks count in. A policy without a calendar counts round the clock.</p>
    ${
      calendars.length === 0
        ? html`<p class="empty">No calendars yet.</p>`
        : html`<div class="table-wrap"><table class="settings">
      <caption class="visually-hidden">Business calendars</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">Time zone</th><th scope="col">Hours</th><th scope="col">Holidays</th><th scope="col">Actions</th></tr></thead>
      <tbody>${calendars.map(
        (c) => html`<tr>
        <td data-label="Name"><a href="${base}/${c.id}">${c.name}</a></td>
        <td data-label="Time zone">${c.timezone}</td>
        <td data-label="Hours">${hoursSummary(c)}</td>
        <td data-label="Holidays">${c.holidays.length}</td>
        <td data-label="Actions">${deleteForm(page, `${base}/${c.id}/delete`, c.name)}</td>
      </tr>`,
      )}</tbody>
    </table></div>`
    }`,
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
  const action = calendar ? `${page.base}/calendars/${calendar.id}` : `${page.base}/calendars/new`;
  const title = calendar ? `Calendar: ${calendar.name}` : 'New calendar';
  return layout(
    page,
    title,
    html`<h1>${title}</h1>
    <form method="post" action="${action}" class="card">
      ${csrfField(page.csrf)}
      <div class="form-grid">
        ${inputField({ name: 'name', label: 'Name', value: str(values.name), required: true, errors })}
        ${inputField({ name: 'timezone', label: 'Time zone', value: str(values.timezone), required: true, hint: 'An IANA name, e.g. Europe/Berlin or America/New_York.', errors })}
        <fieldset class="span-2 hours-grid">
          <legend>Opening hours (local time)</legend>
          <p class="hint">Intervals like <code>09:00-12:00, 13:00-17:00</code>; "24:00" may end one. Leave a day empty when closed.</p>
          ${WEEKDAYS.map((day) => inputField({ name: `hours.${day}`, id: `f-hours-${day}`, label: DAY_LABELS[day], value: str(values[`hours.${day}`]), errors }))}
        </fieldset>
        <div class="span-2">${textareaField({ name: 'holidays', label: 'Holidays', value: str(values.holidays), rows: 4, hint: 'Local dates (YYYY-MM-DD), one per line or comma-separated; closed all day.', errors })}</div>
      </div>
      <div class="actions"><button type="submit" class="btn btn-primary">${calendar ? 'Save calendar' : 'Create calendar'}</button>
      <a class="btn" href="${page.base}/calendars">Cancel</a></div>
    </form>`,
    flashes,
  );
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
  const base = `${page.base}/sla-policies`;
  return layout(
    page,
    'SLA policies',
    html`<div class="page-head"><h1>SLA policies</h1><a class="btn btn-primary" href="${base}/new">New policy</a></div>
    <p class="muted">The first policy (lowest position) whose match accepts a ticket applies. Targets: first response / resolution.</p>
    ${
      policies.length === 0
        ? html`<p class="empty">No policies yet: tickets have no service-level targets.</p>`
        : html`<div class="table-wrap"><table class="settings">
      <caption class="visually-hidden">SLA policies</caption>
      <thead><tr><th scope="col">Position</th><th scope="col">Name</th><th scope="col">Applies to</th><th scope="col">Calendar</th><th scope="col">Targets</th><th scope="col">Paused in</th><th scope="col">Actions</th></tr></thead>
      <tbody>${policies.map(
        (p) => html`<tr>
        <td data-label="Position">${p.position}</td>
        <td data-label="Name"><a href="${base}/${p.id}">${p.name}</a></td>
        <td data-label="Applies to">${matchSummary(p)}</td>
        <td data-label="Calendar">${p.calendarId === null ? 'Round the clock' : (calendarNames.get(p.calendarId) ?? `#${p.calendarId}`)}</td>
        <td data-label="Targets">${targetsSummary(p)}</td>
        <td data-label="Paused in">${p.pauseStatuses.map(humanize).join(', ') || '—'}</td>
        <td data-label="Actions">${deleteForm(page, `${base}/${p.id}/delete`, p.name)}</td>
      </tr>`,
      )}</tbody>
    </table></div>`
    }`,
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
  const action = policy ? `${page.base}/sla-policies/${policy.id}` : `${page.base}/sla-policies/new`;
  const title = policy ? `SLA policy: ${policy.name}` : 'New SLA policy';
  const calendarChoices = [{ value: '', label: 'Round the clock' }, ...options.calendars.map((c) => ({ value: String(c.id), label: c.name }))];
  const target = (priority: string, field: string, label: string) =>
    inputField({ name: `targets.${priority}.${field}`, id: `f-${priority}-${field}`, label, type: 'number', min: '0', step: '1', value: str(values[`targets.${priority}.${field}`]), errors });
  return layout(
    page,
    title,
    html`<h1>${title}</h1>
    <form method="post" action="${action}" class="card">
      ${csrfField(page.csrf)}
      <div class="form-grid">
        ${inputField({ name: 'name', label: 'Name', value: str(values.name), required: true, errors })}
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
        </fieldset>
      </div>
      <div class="actions"><button type="submit" class="btn btn-primary">${policy ? 'Save policy' : 'Create policy'}</button>
      <a class="btn" href="${page.base}/sla-policies">Cancel</a></div>
    </form>`,
    flashes,
  );
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
