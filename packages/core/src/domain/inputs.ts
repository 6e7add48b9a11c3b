import { z } from 'zod';
import { historyActionSchema, slaStatusSchema, ticketPrioritySchema, ticketStatusSchema } from './enums.js';
import { tagsInputSchema } from './tags.js';

// Lone UTF-16 surrogates and NUL cannot be stored by every database (Postgres rejects NUL).
const UNSAFE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

/** A string with no NUL and no lone surrogates, at most `max` characters. */
export function safeText(max: number) {
  return z
    .string()
    .max(max)
    .refine((s) => !UNSAFE_TEXT.test(s), 'Text must not contain NUL characters or unpaired surrogates.');
}

/** Positive integer id (users, customers, tickets). */
export const idSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Non-negative hours, rounded to two decimals (the seed's decimal fields). */
export const hoursSchema = z
  .number()
  .finite()
  .min(0, 'Ensure this value is greater than or equal to 0.')
  .max(999_999.99)
  .transform((n) => Math.round(n * 100) / 100);

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/u;

/** ISO 8601 timestamp (with offset or `Z`) or a `YYYY-MM-DD` day (midnight UTC), or a `Date`. */
export const dateTimeSchema = z.union([
  z.date(),
  z
    .string()
    .refine(
      (s) => DATE_ONLY.test(s) || z.iso.datetime({ offset: true }).safeParse(s).success,
      'Datetime has wrong format. Use ISO 8601: YYYY-MM-DDThh:mm[:ss[.uuu]]Z or YYYY-MM-DD.',
    )
    .transform((s) => new Date(DATE_ONLY.test(s) ? `${s}T00:00:00Z` : s))
    .refine((d) => !Number.isNaN(d.getTime()), 'Invalid date.'),
]);

const subject = safeText(255).trim().min(1, 'This field may not be blank.');
const description = safeText(100_000).min(1, 'This field may not be blank.');
const category = z.string().min(1).max(50);

/** Input of `tickets.create`. `status` is not accepted: tickets start `new`. */
export const createTicketInputSchema = z.object({
  subject,
  description,
  priority: ticketPrioritySchema.default('medium'),
  category: category.default('general'),
  /** Required for staff; customers file for their own customer. */
  customerId: idSchema.optional(),
  assignedToId: idSchema.nullable().optional(),
  dueDate: dateTimeSchema.nullable().optional(),
  estimatedHours: hoursSchema.nullable().optional(),
  actualHours: hoursSchema.nullable().optional(),
  tags: tagsInputSchema.optional(),
});
export type CreateTicketInput = z.input<typeof createTicketInputSchema>;

/** Input of `tickets.patch`: any subset of the editable fields. */
export const patchTicketInputSchema = z.object({
  subject: subject.optional(),
  description: description.optional(),
  status: ticketStatusSchema.optional(),
  priority: ticketPrioritySchema.optional(),
  category: category.optional(),
  customerId: idSchema.optional(),
  assignedToId: idSchema.nullable().optional(),
  dueDate: dateTimeSchema.nullable().optional(),
  estimatedHours: hoursSchema.nullable().optional(),
  actualHours: hoursSchema.nullable().optional(),
  tags: tagsInputSchema.optional(),
});
export type PatchTicketInput = z.input<typeof patchTicketInputSchema>;

/**
 * Input of `tickets.update` (PUT): the required fields must be present; omitted optional
 * fields stay unchanged (DRF semantics).
 */
export const updateTicketInputSchema = patchTicketInputSchema.extend({ subject, description });
export type UpdateTicketInput = z.input<typeof updateTicketInputSchema>;

/** Input of `comments.add`. */
export const commentInputSchema = z.object({
  content: safeText(100_000).min(1, 'This field may not be blank.'),
  isInternal: z.boolean().default(false),
});
export type CommentInput = z.input<typeof commentInputSchema>;

/** Metadata of `attachments.add` (the bytes travel separately). */
export const attachmentInputSchema = z.object({
  filename: safeText(1000).min(1, 'This field may not be blank.'),
  contentType: z.string().max(255).default('application/octet-stream'),
  description: safeText(1000).default(''),
});
export type AttachmentInput = z.input<typeof attachmentInputSchema>;

/** Filters of `tickets.list` and `tickets.statistics` (the seed's query parameters). */
export const ticketListFiltersSchema = z.object({
  status: ticketStatusSchema.optional(),
  priority: ticketPrioritySchema.optional(),
  category: category.optional(),
  customerId: idSchema.optional(),
  assignedToId: idSchema.optional(),
  /** `true`: assigned to the caller (staff) or created by the caller (customer). `false` = no filter. */
  myTickets: z.boolean().optional(),
  /** `true`: no assignee. `false` = no filter. */
  unassigned: z.boolean().optional(),
  /** `true`: overdue now. `false` = no filter. */
  overdue: z.boolean().optional(),
  /** SLA state now (staff only; ignored for customers). */
  slaStatus: slaStatusSchema.optional(),
  /** `true`: some SLA target missed (now); `false`: none missed. Staff only; ignored for customers. */
  slaBreached: z.boolean().optional(),
  /** Inclusive; a `YYYY-MM-DD` day starts at its midnight UTC. */
  createdAfter: z.union([z.date(), z.string()]).optional(),
  /** Inclusive; a `YYYY-MM-DD` day includes that whole day. */
  createdBefore: z.union([z.date(), z.string()]).optional(),
  // Long enough for any search that fits the 8 KB request line the REST API promises to serve.
  search: safeText(8192).optional(),
});
export type TicketListFilters = z.input<typeof ticketListFiltersSchema>;

/** Pagination and ordering of list calls. */
export const pageInputSchema = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(25),
});
export type PageInput = z.input<typeof pageInputSchema>;

/** `tickets.list` query: filters + `ordering` (`-created_at` by default) + page. */
export const ticketListQuerySchema = ticketListFiltersSchema.extend(pageInputSchema.shape).extend({
  ordering: z.string().max(50).default('-created_at'),
});
export type TicketListQuery = z.input<typeof ticketListQuerySchema>;

export const commentListQuerySchema = pageInputSchema.extend({
  ticketId: idSchema.optional(),
  isInternal: z.boolean().optional(),
});
export type CommentListQuery = z.input<typeof commentListQuerySchema>;

export const attachmentListQuerySchema = pageInputSchema.extend({ ticketId: idSchema.optional() });
export type AttachmentListQuery = z.input<typeof attachmentListQuerySchema>;

export const historyListQuerySchema = pageInputSchema.extend({
  ticketId: idSchema.optional(),
  action: historyActionSchema.optional(),
});
export type HistoryListQuery = z.input<typeof historyListQuerySchema>;
