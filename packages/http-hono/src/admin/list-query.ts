import { ticketListQuerySchema, type SlaStatus, type TicketListQuery, type TicketPriority, type TicketStatus } from '@tessera/core';
import { wireFieldName } from '../wire/names.js';
import type { FormErrors } from './views/fields.js';

/** The list page's query parameters: the seed's list filter names, plus paging and ordering. */
export const LIST_PARAMS = [
  'status',
  'priority',
  'category',
  'customer',
  'assigned_to',
  'my_tickets',
  'unassigned',
  'overdue',
  'sla_breached',
  'sla_status',
  'created_after',
  'created_before',
  'search',
  'ordering',
  'page',
  'page_size',
] as const;
export type ListParamName = (typeof LIST_PARAMS)[number];
export type ListParams = Partial<Record<ListParamName, string>>;

/** Form field name for each core filter key, so core's field errors land beside the right input. */
export const CORE_FIELD_TO_PARAM = Object.fromEntries(
  Object.keys(ticketListQuerySchema.shape).map((key) => [key, wireFieldName(key)]),
) as Record<string, ListParamName>;

/** Default and allowed page sizes of the list page. */
export const PAGE_SIZES = [25, 50, 100, 200] as const;

/** Reads the leading id of a person picker value (`"12 — Jane <j@x>"` or `"12"`). */
export function leadingId(value: string | undefined): number | null {
  const m = /^\s*(\d{1,15})(?:\s|$|—|-)/u.exec(value ?? '');
  if (!m) return null;
  const id = Number(m[1]);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

function positiveInt(value: string | undefined): number | null {
  if (!value || !/^\d{1,9}$/u.test(value)) return null;
  const n = Number(value);
  return n > 0 ? n : null;
}

/**
 * Turns list parameters into the core's `TicketListQuery`, so the page runs exactly the query the
 * REST API runs. Values the core validates (status, dates, ordering…) are handed over as they are;
 * only the shape the URL cannot express (ids in picker text, booleans, numbers) is checked here.
 */
export function toListQuery(params: ListParams): { query: TicketListQuery; errors: FormErrors } {
  const errors: FormErrors = {};
  const query: TicketListQuery = {};
  if (params.status) query.status = params.status as TicketStatus;
  if (params.priority) query.priority = params.priority as TicketPriority;
  if (params.category) query.category = params.category;
  if (params.sla_status) query.slaStatus = params.sla_status as SlaStatus;
  for (const [param, key] of [
    ['customer', 'customerId'],
    ['assigned_to', 'assignedToId'],
  ] as const) {
    const raw = params[param];
    if (!raw?.trim()) continue;
    const id = leadingId(raw);
    if (id === null) errors[param] = ['Pick a suggestion or enter an id.'];
    else query[key] = id;
  }
  for (const [param, key] of [
    ['my_tickets', 'myTickets'],
    ['unassigned', 'unassigned'],
    ['overdue', 'overdue'],
    ['sla_breached', 'slaBreached'],
  ] as const) {
    const raw = params[param];
    if (raw === 'true') query[key] = true;
    else if (raw && raw !== 'false') errors[param] = ['Must be true or false.'];
  }
  if (params.created_after) query.createdAfter = params.created_after;
  if (params.created_before) query.createdBefore = params.created_before;
  if (params.search?.trim()) query.search = params.search;
  if (params.ordering) query.ordering = params.ordering;
  if (params.page) {
    const page = positiveInt(params.page);
    if (page === null) errors.page = ['Invalid page.'];
    else query.page = page;
  }
  const size = positiveInt(params.page_size);
  query.pageSize = size !== null && size <= 200 ? size : PAGE_SIZES[0];
  return { query, errors };
}

/** Picks the known list parameters out of a request's query. */
export function pickListParams(all: Record<string, string>): ListParams {
  const out: ListParams = {};
  for (const name of LIST_PARAMS) {
    const v = all[name];
    if (v !== undefined && v !== '') out[name] = v;
  }
  return out;
}
