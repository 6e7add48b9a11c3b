import {
  DEFAULT_PAGE_SIZE,
  listQueryParamSchemas,
  parseId,
  MAX_PAGE_SIZE,
  ticketListQuerySchema,
  toFieldIssues,
  toPageInput,
  toTicketFilters,
  type TicketListQuery,
} from '@tessera/core';
import { adminIssueMessage } from './views/messages.js';
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

/** Default and allowed page sizes of the list page (core's default up to its maximum). */
export const PAGE_SIZES = [DEFAULT_PAGE_SIZE, 50, 100, MAX_PAGE_SIZE] as const;

/** Reads the leading id of a person picker value (`"12 — Jane <j@x>"` or `"12"`). */
export function leadingId(value: string | undefined): number | null {
  const m = /^\s*(\d+)(?:\s|$|—|-)/u.exec(value ?? '');
  return m ? parseId(m[1]!) : null;
}

const PARAMS = listQueryParamSchemas().ticketList;

/**
 * Turns list parameters into the core's `TicketListQuery` with core's one parser of list
 * parameters (the REST API's), so the page runs exactly the query the REST API runs. Only what the
 * URL of a form adds is handled here: picker texts (`"12 — Name"`) become their leading id.
 */
export function toListQuery(params: ListParams): { query: TicketListQuery; errors: FormErrors } {
  const errors: FormErrors = {};
  const raw: Record<string, string> = { ...params } as Record<string, string>;
  for (const param of ['customer', 'assigned_to'] as const) {
    const value = params[param];
    if (!value?.trim()) {
      delete raw[param];
      continue;
    }
    const id = leadingId(value);
    if (id === null) errors[param] = ['Pick a suggestion or enter an id.'];
    else raw[param] = String(id);
  }
  if (params.search !== undefined && !params.search.trim()) delete raw.search;
  const parsed = PARAMS.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    for (const [key, issues] of Object.entries(toFieldIssues(parsed.error.issues))) {
      if (errors[key]) continue;
      errors[key] = key === 'page' ? ['Invalid page.'] : issues.map(adminIssueMessage);
    }
    return { query: {}, errors };
  }
  const q = parsed.data;
  const query: TicketListQuery = { ...toTicketFilters(q), ...toPageInput(q) };
  if (q.ordering) query.ordering = q.ordering;
  // A filter that is `false` is no filter; the page keeps its URL free of them.
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
