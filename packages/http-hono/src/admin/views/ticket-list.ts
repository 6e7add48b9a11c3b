import {
  detailsKey,
  SLA_STATUSES,
  TICKET_FIELDS,
  TICKET_ORDER_FIELDS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketFieldCatalogue,
  type TicketFieldSpec,
  type ListPage,
  type TicketStatistics,
  type TicketView,
} from '@tessera/core';
import { html } from 'hono/html';
import type { PageContext } from '../context.js';
import { PAGE_SIZES, type ListParams } from '../list-query.js';
import {
  checkboxField,
  codeChoices,
  csrfField,
  inputField,
  personField,
  selectField,
  type FormErrors,
} from './fields.js';
import { badge, dateTime, humanize, queryString, type Flash, type Html } from './html.js';
import { layout } from './layout.js';
import { slaBadge } from './sla-badge.js';

/** What the list page shows. `page` is null when the query was refused (errors say why). */
export interface TicketListModel {
  params: ListParams;
  /** Picker texts for the customer/assignee filters (`"12 — Name <email>"`). */
  pickerValues: { customer?: string; assigned_to?: string };
  page: ListPage<TicketView> | null;
  /** Counts under the current filters except status (null when the query was refused). */
  stats: TicketStatistics | null;
  errors: FormErrors;
  categories: readonly string[];
  flashes?: Flash[];
  /** The service clock's time, for the SLA badges' time left. */
  now?: Date;
}

/** One column of the list: a catalogue field with a `listColumn`. */
interface ListColumn {
  name: string;
  spec: TicketFieldSpec;
  label: string;
  sortable: boolean;
}

/** The list's columns over any catalogue, in catalogue order; the first one links to the ticket. */
export function listColumnsIn(catalogue: TicketFieldCatalogue): ListColumn[] {
  return Object.entries(catalogue)
    .filter(([, spec]) => spec.listColumn !== undefined)
    .map(([name, spec]) => ({
      name,
      spec,
      label: spec.listColumn!.label,
      sortable: (TICKET_ORDER_FIELDS as readonly string[]).includes(spec.wire),
    }));
}

const COLUMNS = listColumnsIn(TICKET_FIELDS);

/** Every ordering the core accepts, as the "Order by" choices (columns sort too). */
const ORDERINGS = [
  { value: '-created_at', label: 'Newest first' },
  { value: 'created_at', label: 'Oldest first' },
  { value: '-updated_at', label: 'Recently updated' },
  { value: 'updated_at', label: 'Least recently updated' },
  { value: 'due_date', label: 'Due date, soonest first' },
  { value: '-due_date', label: 'Due date, latest first' },
  { value: '-priority', label: 'Priority, highest first' },
  { value: 'priority', label: 'Priority, lowest first' },
  { value: 'status', label: 'Status' },
  { value: '-status', label: 'Status, reversed' },
  { value: 'ticket_number', label: 'Number, ascending' },
  { value: '-ticket_number', label: 'Number, descending' },
  { value: 'first_response_due_at', label: 'First response due, soonest first' },
  { value: 'resolution_due_at', label: 'Resolution due, soonest first' },
];

function listUrl(base: string, params: ListParams, overrides: ListParams): string {
  return `${base}/tickets${queryString({ ...params, ...overrides })}`;
}

function sortHeader(base: string, params: ListParams, field: string, label: string): Html {
  const current = params.ordering ?? '-created_at';
  const asc = current === field;
  const desc = current === `-${field}`;
  const next = asc ? `-${field}` : field;
  const sort = asc ? 'ascending' : desc ? 'descending' : 'none';
  const arrow = asc ? '▲' : desc ? '▼' : '';
  return html`<th scope="col" aria-sort="${sort}"><a href="${listUrl(base, params, { ordering: next, page: undefined })}"
    >${label}${arrow ? html` <span aria-hidden="true">${arrow}</span>` : ''}</a></th>`;
}

function filters(page: PageContext, m: TicketListModel): Html {
  const p = m.params;
  return html`<form class="filters" method="get" action="${page.base}/tickets" role="search" aria-label="Filter tickets">
    <div class="filter-grid">
      ${inputField({ name: 'search', label: 'Search', value: p.search, type: 'search', errors: m.errors })}
      ${selectField({ name: 'status', label: 'Status', value: p.status, choices: codeChoices(TICKET_STATUSES), blank: 'Any', errors: m.errors })}
      ${selectField({ name: 'priority', label: 'Priority', value: p.priority, choices: codeChoices(TICKET_PRIORITIES), blank: 'Any', errors: m.errors })}
      ${selectField({ name: 'category', label: 'Category', value: p.category, choices: codeChoices(m.categories), blank: 'Any', errors: m.errors })}
      ${selectField({ name: 'sla_status', label: 'SLA', value: p.sla_status, choices: codeChoices(SLA_STATUSES), blank: 'Any', errors: m.errors })}
      ${personField({ name: 'customer', label: 'Customer', value: m.pickerValues.customer ?? p.customer, source: `${page.base}/autocomplete/customers`, errors: m.errors })}
      ${personField({ name: 'assigned_to', label: 'Assignee', value: m.pickerValues.assigned_to ?? p.assigned_to, source: `${page.base}/autocomplete/users`, errors: m.errors })}
      ${inputField({ name: 'created_after', label: 'Created from', type: 'date', value: p.created_after, errors: m.errors })}
      ${inputField({ name: 'created_before', label: 'Created to', type: 'date', value: p.created_before, errors: m.errors })}
      ${selectField({ name: 'ordering', label: 'Order by', value: p.ordering ?? '-created_at', choices: ORDERINGS, errors: m.errors })}
      ${selectField({ name: 'page_size', label: 'Per page', value: p.page_size ?? '25', choices: PAGE_SIZES.map((n) => ({ value: String(n) })), errors: m.errors })}
    </div>
    <div class="filter-checks">
      ${checkboxField({ name: 'my_tickets', label: 'Assigned to me', checked: p.my_tickets === 'true' })}
      ${checkboxField({ name: 'unassigned', label: 'Unassigned', checked: p.unassigned === 'true' })}
      ${checkboxField({ name: 'overdue', label: 'Overdue', checked: p.overdue === 'true' })}
      ${checkboxField({ name: 'sla_breached', label: 'SLA breached', checked: p.sla_breached === 'true' })}
    </div>
    <div class="actions">
      <button type="submit" class="btn btn-primary">Apply filters</button>
      <a class="btn" href="${page.base}/tickets">Reset</a>
    </div>
  </form>`;
}

function statusChips(base: string, m: TicketListModel, stats: TicketStatistics): Html {
  const chip = (status: string | undefined, label: string, count: number) => {
    const current = (m.params.status ?? undefined) === status;
    return html`<li><a class="chip${current ? ' current' : ''}" href="${listUrl(base, m.params, { status, page: undefined })}"${
      current ? html` aria-current="page"` : ''
    }>${label} <span class="count">${count}</span></a></li>`;
  };
  return html`<nav class="chips" aria-label="Tickets by status"><ul>
    ${chip(undefined, 'All', stats.totalTickets)}
    ${TICKET_STATUSES.map((s) => chip(s, humanize(s), stats.byStatus[s]))}
  </ul>
  <p class="muted">Overdue: ${stats.overdueCount} · Unassigned: ${stats.unassignedCount} · Assigned to me: ${stats.myTicketsCount}</p></nav>`;
}

function bulkBar(page: PageContext, m: TicketListModel): Html {
  return html`<fieldset class="bulk">
    <legend>Bulk action on selected tickets</legend>
    ${selectField({
      name: 'action',
      label: 'Action',
      id: 'bulk-action',
      choices: [
        { value: 'assign', label: 'Assign to…' },
        { value: 'change_status', label: 'Change status to…' },
        { value: 'close', label: 'Close' },
      ],
    })}
    ${personField({ name: 'assignee', id: 'bulk-assignee', label: 'Assignee (empty: unassign)', source: `${page.base}/autocomplete/users` })}
    ${selectField({ name: 'status', id: 'bulk-status', label: 'New status', choices: codeChoices(TICKET_STATUSES) })}
    <input type="hidden" name="return_to" value="${queryString(m.params)}">
    <button type="submit" class="btn btn-primary">Apply to selected</button>
  </fieldset>`;
}

/** One cell's content, by the field's kind. */
function cellContent(column: ListColumn, view: Readonly<Record<string, unknown>>): Html | string {
  const { spec, name } = column;
  const value = view[name];
  if (value === null || value === undefined) {
    return spec.listColumn?.empty ? html`<span class="muted">${spec.listColumn.empty}</span>` : spec.kind === 'timestamp' ? dateTime(null) : '';
  }
  switch (spec.kind) {
    case 'code':
      return Array.isArray(spec.choices) ? badge(spec.wire, value as string) : humanize(value as string);
    case 'id': {
      const details = view[detailsKey(name)] as { name: string } | null | undefined;
      return details?.name ?? `#${String(value)}`;
    }
    case 'timestamp':
      return dateTime(value as Date);
    case 'tags':
      return (value as string[]).join(', ');
    case 'boolean':
      return value ? 'Yes' : 'No';
    default:
      return String(value);
  }
}

function row(base: string, t: TicketView, now: Date): Html {
  const view = t as unknown as Readonly<Record<string, unknown>>;
  const [first, ...rest] = COLUMNS;
  return html`<tr class="${t.isOverdue ? 'overdue' : ''}">
    <td class="select"><input type="checkbox" name="ids" value="${t.id}" aria-label="Select ${t.ticketNumber}"></td>
    ${first ? html`<td data-label="${first.label}"><a href="${base}/tickets/${t.id}">${cellContent(first, view)}</a>${
      t.isOverdue ? html` <span class="badge overdue-flag">Overdue</span>` : ''
    }</td>` : ''}
    ${rest.map(
      (c) => html`<td data-label="${c.label}"${c.spec.kind === 'text' ? html` class="${c.spec.wire}"` : ''}>${cellContent(c, view)}</td>`,
    )}
    <td data-label="SLA">${slaBadge(t, now)}</td>
  </tr>`;
}

function pagination(base: string, m: TicketListModel, list: ListPage<TicketView>): Html {
  const pages = Math.max(1, Math.ceil(list.count / list.pageSize));
  const link = (n: number, label: string, rel: string) =>
    html`<a class="btn" rel="${rel}" href="${listUrl(base, m.params, { page: String(n) })}">${label}</a>`;
  return html`<nav class="pagination" aria-label="Pagination">
    ${list.page > 1 ? link(list.page - 1, '‹ Previous', 'prev') : ''}
    <span>Page ${list.page} of ${pages} · ${list.count} ticket${list.count === 1 ? '' : 's'}</span>
    ${list.page < pages ? link(list.page + 1, 'Next ›', 'next') : ''}
  </nav>`;
}

function table(page: PageContext, m: TicketListModel, list: ListPage<TicketView>): Html {
  if (list.results.length === 0) return html`<p class="empty">No tickets match these filters.</p>`;
  return html`<div class="table-wrap"><table class="tickets">
    <caption class="visually-hidden">Tickets</caption>
    <thead><tr>
      <th scope="col" class="select"><input type="checkbox" data-select-all="ids" aria-label="Select all on this page"></th>
      ${COLUMNS.map((c) => (c.sortable ? sortHeader(page.base, m.params, c.spec.wire, c.label) : html`<th scope="col">${c.label}</th>`))}
      <th scope="col">SLA</th>
    </tr></thead>
    <tbody>${list.results.map((t) => row(page.base, t, m.now ?? new Date()))}</tbody>
  </table></div>`;
}

/** The ticket list: filters, search, sortable columns, bulk actions, pagination. */
export function ticketListPage(page: PageContext, m: TicketListModel): Html {
  const list = m.page;
  return layout(
    page,
    'Tickets',
    html`<div class="page-head"><h1>Tickets</h1><a class="btn btn-primary" href="${page.base}/tickets/new">New ticket</a></div>
    ${filters(page, m)}
    ${m.stats ? statusChips(page.base, m, m.stats) : ''}
    ${
      list
        ? html`<form method="post" action="${page.base}/tickets/bulk" class="bulk-form">
        ${csrfField(page.csrf)}
        ${list.results.length ? bulkBar(page, m) : ''}
        ${table(page, m, list)}
      </form>
      ${pagination(page.base, m, list)}`
        : html`<p class="empty">Fix the filters above to see tickets.</p>`
    }`,
    m.flashes,
  );
}
