import { z } from 'zod';
import { historyActionSchema, slaStatusSchema, TICKET_ORDER_FIELDS, ticketPrioritySchema, ticketStatusSchema } from './enums.js';
import { coded } from './field-schemas.js';
import { parseDateTime } from './dates.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, parseId } from './limits.js';
import { searchSchema, type PageInput, type TicketListFilters } from './inputs.js';

/**
 * The one parser of list query strings (REST and admin UI alike): values arrive as strings under
 * the seed's snake_case names and leave typed. Failures carry codes (see `ValidationCode`).
 */
const boolParam = z
  .string()
  .refine((v) => v === 'true' || v === 'false', coded('invalid_type', { expected: 'boolean' }))
  .transform((v) => v === 'true')
  .meta({ type: 'boolean' });

/** An id in a query string (`ID_PATTERN`), code `invalid_integer` otherwise. */
export const idParam = z
  .string()
  .refine((v) => parseId(v) !== null, coded('invalid_integer'))
  .transform((v) => parseId(v)!)
  .meta({ type: 'integer', minimum: 1 });

/** A date in the one date grammar, kept as text: the service applies the day-bound rule. */
const dateParam = z
  .string()
  .superRefine((s, ctx) => {
    const parsed = parseDateTime(s);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', input: s, params: { code: parsed.issue.code, ...parsed.issue.params } });
  })
  .meta({ format: 'date-time' });

/** A string restricted to `options` (code `invalid_choice`), documented as an enum. */
function choice<T extends string>(options: readonly T[]) {
  return z
    .string()
    .superRefine((v, ctx) => {
      if (!options.includes(v as T)) ctx.addIssue({ code: 'custom', input: v, params: { code: 'invalid_choice', input: v } });
    })
    .transform((v) => v as T)
    .meta({ enum: [...options] });
}

/** `page`: a positive integer; anything else is "invalid page" (a 404 in DRF). */
const pageParam = z
  .string()
  .regex(/^[1-9]\d{0,8}$/u)
  .transform(Number)
  .meta({ type: 'integer', minimum: 1 });
/** `page_size`: nonsense falls back to the default, large values are clamped (DRF's behaviour). */
const pageSizeParam = z.string().transform((s) => {
  const n = /^\d{1,9}$/u.test(s) ? Number(s) : 0;
  return n < 1 ? DEFAULT_PAGE_SIZE : Math.min(n, MAX_PAGE_SIZE);
}).meta({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE });
const orderingParam = z
  .string()
  .superRefine((v, ctx) => {
    const field = v.startsWith('-') ? v.slice(1) : v;
    if (!(TICKET_ORDER_FIELDS as readonly string[]).includes(field)) {
      ctx.addIssue({ code: 'custom', input: v, params: { code: 'invalid_ordering', input: field, choices: TICKET_ORDER_FIELDS.join(', ') } });
    }
  })
  .meta({ enum: TICKET_ORDER_FIELDS.flatMap((f) => [f, `-${f}`]) });

const pageShape = { page: pageParam.optional(), page_size: pageSizeParam.optional() };

/**
 * Query-string schemas of every list. With `categories`, `category` must be one of them; without,
 * any value passes here and the service checks it against its configured set.
 */
export function listQueryParamSchemas(categories?: readonly string[]) {
  const ticketFilters = z.object({
    status: choice(ticketStatusSchema.options).optional(),
    priority: choice(ticketPrioritySchema.options).optional(),
    category: (categories ? choice(categories) : z.string().max(50)).optional(),
    customer: idParam.optional(),
    assigned_to: idParam.optional(),
    my_tickets: boolParam.optional(),
    unassigned: boolParam.optional(),
    overdue: boolParam.optional(),
    created_after: dateParam.optional(),
    created_before: dateParam.optional(),
    search: searchSchema.optional(),
    sla_status: choice(slaStatusSchema.options).optional(),
    sla_breached: boolParam.optional(),
  });
  const ticketList = ticketFilters.extend({ ...pageShape, ordering: orderingParam.optional() });
  const commentList = z.object({ ticket: idParam.optional(), is_internal: boolParam.optional(), ...pageShape });
  const attachmentList = z.object({ ticket: idParam.optional(), ...pageShape });
  const historyList = z.object({ ticket: idParam.optional(), action: choice(historyActionSchema.options).optional(), ...pageShape });
  /** Calendars and SLA policies: pages only. */
  const settingsList = z.object({ ...pageShape });
  return { ticketFilters, ticketList, commentList, attachmentList, historyList, settingsList };
}

/** The list query schemas of one category set. */
export type ListQueryParamSchemas = ReturnType<typeof listQueryParamSchemas>;
type TicketFilterParams = z.output<ListQueryParamSchemas['ticketFilters']>;

/** The `TicketListFilters` keys whose type accepts the parsed parameter `P`. */
type FilterKeyFor<P extends keyof TicketFilterParams> = {
  [K in keyof TicketListFilters]-?: Exclude<TicketFilterParams[P], undefined> extends TicketListFilters[K] ? K : never;
}[keyof TicketListFilters];

/** Each ticket filter parameter's key in core's `TicketListFilters` (typed, so none is left out or mistyped). */
const TICKET_FILTER_KEYS: { [P in keyof TicketFilterParams]-?: FilterKeyFor<P> } = {
  status: 'status',
  priority: 'priority',
  category: 'category',
  customer: 'customerId',
  assigned_to: 'assignedToId',
  my_tickets: 'myTickets',
  unassigned: 'unassigned',
  overdue: 'overdue',
  created_after: 'createdAfter',
  created_before: 'createdBefore',
  search: 'search',
  sla_status: 'slaStatus',
  sla_breached: 'slaBreached',
};
const TICKET_FILTER_ENTRIES = Object.entries(TICKET_FILTER_KEYS) as Array<[keyof TicketFilterParams, keyof TicketListFilters]>;

/** Parsed ticket filter parameters → core `TicketListFilters` (parameters left out stay out). */
export function toTicketFilters(q: TicketFilterParams): TicketListFilters {
  const out: Record<string, unknown> = {};
  for (const [param, key] of TICKET_FILTER_ENTRIES) {
    if (q[param] !== undefined) out[key] = q[param];
  }
  return out as TicketListFilters;
}

/** Parsed page parameters → core `PageInput`. */
export function toPageInput(q: { page?: number | undefined; page_size?: number | undefined }): Required<PageInput> {
  return { page: q.page ?? 1, pageSize: q.page_size ?? DEFAULT_PAGE_SIZE };
}
