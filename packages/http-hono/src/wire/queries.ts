import {
  historyActionSchema,
  slaStatusSchema,
  TICKET_ORDER_FIELDS,
  ticketListFiltersSchema,
  ticketPrioritySchema,
  ticketStatusSchema,
} from '@tessera/core';
import { z } from 'zod';

/** Maximum `page_size`; larger values are clamped (DRF's `max_page_size`). */
export const MAX_PAGE_SIZE = 200;
/** `page_size` when none (or nonsense) is given. */
export const DEFAULT_PAGE_SIZE = 25;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/u;

const boolParam = z
  .enum(['true', 'false'], { error: 'Must be "true" or "false".' })
  .transform((v) => v === 'true')
  .meta({ type: 'boolean' });
const idParam = z
  .string()
  .regex(/^\d{1,15}$/u, 'A valid integer is required.')
  .transform(Number)
  .refine((n) => n >= 1, 'A valid integer is required.')
  .meta({ type: 'integer', minimum: 1 });
const dateParam = z
  .string()
  .refine(
    (s) => (DATE_ONLY.test(s) ? !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) : z.iso.datetime({ offset: true }).safeParse(s).success),
    'Enter a valid date (YYYY-MM-DD) or ISO 8601 timestamp.',
  );
const choice = <T extends z.ZodEnum>(schema: T) =>
  z.string().refine((v) => schema.options.includes(v as never), {
    error: (issue) => `Select a valid choice. ${String(issue.input)} is not one of the available choices.`,
  }).transform((v) => v as z.output<T>).meta({ enum: [...schema.options] });
/** `page`: invalid values are a 404 "Invalid page." (DRF), reported by the validation hook. */
const pageParam = z
  .string()
  .regex(/^[1-9]\d{0,8}$/u, 'Invalid page.')
  .transform(Number)
  .meta({ type: 'integer', minimum: 1 });
/** `page_size`: DRF falls back to the default on nonsense and clamps to the maximum. */
const pageSizeParam = z.string().transform((s) => {
  const n = /^\d{1,9}$/u.test(s) ? Number(s) : 0;
  return n < 1 ? DEFAULT_PAGE_SIZE : Math.min(n, MAX_PAGE_SIZE);
}).meta({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE });
const orderingParam = z
  .string()
  .regex(
    new RegExp(`^-?(${TICKET_ORDER_FIELDS.join('|')})$`, 'u'),
    `Invalid ordering. Use one of ${TICKET_ORDER_FIELDS.join(', ')}, with "-" for descending.`,
  );

const pageShape = { page: pageParam.optional(), page_size: pageSizeParam.optional() };

/** Query-string schemas of every list endpoint (values arrive as strings). */
export function createQuerySchemas(categories: readonly string[]) {
  const ticketFilters = z.object({
    status: choice(ticketStatusSchema).optional(),
    priority: choice(ticketPrioritySchema).optional(),
    category: choice(z.enum(categories as [string, ...string[]])).optional(),
    customer: idParam.optional(),
    assigned_to: idParam.optional(),
    my_tickets: boolParam.optional(),
    unassigned: boolParam.optional(),
    overdue: boolParam.optional(),
    created_after: dateParam.optional(),
    created_before: dateParam.optional(),
    search: ticketListFiltersSchema.shape.search,
    sla_status: choice(slaStatusSchema).optional(),
    sla_breached: boolParam.optional(),
  });
  const ticketList = ticketFilters.extend({ ...pageShape, ordering: orderingParam.optional() });
  const commentList = z.object({ ticket: idParam.optional(), is_internal: boolParam.optional(), ...pageShape });
  const attachmentList = z.object({ ticket: idParam.optional(), ...pageShape });
  const historyList = z.object({ ticket: idParam.optional(), action: choice(historyActionSchema).optional(), ...pageShape });
  const settingsList = z.object({ ...pageShape });
  return { ticketFilters, ticketList, commentList, attachmentList, historyList, settingsList };
}

/** The query-string schemas of one router. */
export type QuerySchemas = ReturnType<typeof createQuerySchemas>;
type TicketFiltersQuery = z.output<QuerySchemas['ticketFilters']>;

/** Wire ticket filters → core `TicketListFilters`. */
export function toTicketFilters(q: TicketFiltersQuery) {
  return {
    status: q.status,
    priority: q.priority,
    category: q.category,
    customerId: q.customer,
    assignedToId: q.assigned_to,
    myTickets: q.my_tickets,
    unassigned: q.unassigned,
    overdue: q.overdue,
    createdAfter: q.created_after,
    createdBefore: q.created_before,
    search: q.search,
    slaStatus: q.sla_status,
    slaBreached: q.sla_breached,
  };
}

/** Wire page parameters → core `PageInput`. */
export function toPageInput(q: { page?: number | undefined; page_size?: number | undefined }) {
  return { page: q.page ?? 1, pageSize: q.page_size ?? DEFAULT_PAGE_SIZE };
}
