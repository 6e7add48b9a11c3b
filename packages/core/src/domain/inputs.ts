import { z } from 'zod';
import { historyActionSchema, slaStatusSchema, ticketPrioritySchema, ticketStatusSchema } from './enums.js';
import { fieldInputSchema, idSchema, kindSchema, nonBlank, safeText } from './field-schemas.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_SEARCH_LENGTH, MAX_SEARCH_TERMS } from './limits.js';
import type { Ticket } from './model.js';
import { parseSearchTerms } from './search.js';
import { editableFields, TICKET_FIELDS, type TicketFieldCatalogue } from './ticket-fields.js';

export { dateTimeSchema, hoursSchema, idSchema, safeText } from './field-schemas.js';

/** What callers may pass for a field of each kind (before validation). */
interface KindInput {
  text: string;
  code: string;
  id: number;
  integer: number;
  timestamp: Date | string;
  decimal: number;
  tags: string | readonly string[] | null;
  boolean: boolean;
}

type Fields = typeof TICKET_FIELDS;
type Editable = { [K in keyof Fields]: Fields[K]['writer'] extends 'system' ? never : K }[keyof Fields];
type InputOf<K extends keyof Fields> =
  | (Fields[K]['kind'] extends 'code' ? Ticket[K] : KindInput[Fields[K]['kind']])
  | (Fields[K]['nullable'] extends true ? null : never);

/** Input of `tickets.patch`: any subset of the editable fields of {@link TICKET_FIELDS}. */
export type PatchTicketInput = { [K in Editable]?: InputOf<K> };

/**
 * The zod schemas of ticket writes, derived from a field catalogue: every field a caller may
 * write, with its kind's rules; `required` fields are required on create and update (PUT), and
 * fields with `onCreate: false` (status) are not read on create. `categories` pins `category` to
 * a set (the wire does); without it, any short code passes and the service checks the configured
 * set. `options.keys: 'wire'` keys the fields by their wire names (request bodies), and
 * `options.createDefaults: false` leaves omitted create fields out instead of filling in their
 * `createDefault` (the service fills them in).
 */
export function ticketInputSchemas(
  catalogue: TicketFieldCatalogue,
  categories?: readonly string[],
  options: { keys?: 'name' | 'wire'; createDefaults?: boolean } = {},
) {
  const patch: Record<string, z.ZodType> = {};
  const create: Record<string, z.ZodType> = {};
  const update: Record<string, z.ZodType> = {};
  for (const name of editableFields(catalogue)) {
    const spec = catalogue[name]!;
    const key = options.keys === 'wire' ? spec.wire : name;
    const required = spec.required === true;
    patch[key] = fieldInputSchema(spec, { required: false, categories });
    update[key] = fieldInputSchema(spec, { required, categories });
    if (spec.onCreate === false) continue;
    const base = fieldInputSchema(spec, { required, categories });
    const withDefault = spec.createDefault !== undefined && options.createDefaults !== false;
    create[key] = withDefault ? kindSchema(spec, categories).default(spec.createDefault) : base;
  }
  return { create: z.object(create), patch: z.object(patch), update: z.object(update) };
}

const schemas = ticketInputSchemas(TICKET_FIELDS);

type CreateOptional = { [K in keyof Fields]: Fields[K] extends { required: true } ? never : K }[Editable];
/** Input of `tickets.create`. `status` is not accepted: tickets start `new`. `customerId` is required for staff. */
export type CreateTicketInput = Required<Pick<PatchTicketInput, Exclude<Editable, CreateOptional>>> &
  Omit<PatchTicketInput, Exclude<Editable, CreateOptional> | 'status'>;
/**
 * Input of `tickets.update` (PUT): the required fields must be present; omitted optional
 * fields stay unchanged (DRF semantics).
 */
export type UpdateTicketInput = Required<Pick<PatchTicketInput, Exclude<Editable, CreateOptional>>> & PatchTicketInput;

/** What a validated ticket write holds: the catalogue's values (`Ticket`'s types). */
type ParsedWrite = { [K in Editable]?: Ticket[K] };

/** Validates `tickets.create` input (derived from {@link TICKET_FIELDS}). */
export const createTicketInputSchema = schemas.create as unknown as z.ZodType<
  Omit<ParsedWrite, 'status'> & Pick<Ticket, 'subject' | 'description' | 'priority' | 'category'>,
  CreateTicketInput
>;
/** Validates `tickets.patch` input. */
export const patchTicketInputSchema = schemas.patch as unknown as z.ZodObject & z.ZodType<ParsedWrite, PatchTicketInput>;
/** Validates `tickets.update` (PUT) input. */
export const updateTicketInputSchema = schemas.update as unknown as z.ZodType<ParsedWrite, UpdateTicketInput>;

/** Input of `comments.add`. */
export const commentInputSchema = z.object({
  content: nonBlank(safeText(100_000)),
  isInternal: z.boolean().default(false),
});
export type CommentInput = z.input<typeof commentInputSchema>;

/** Metadata of `attachments.add` (the bytes travel separately). */
export const attachmentInputSchema = z.object({
  filename: safeText(1000).min(1),
  contentType: z.string().max(255).default('application/octet-stream'),
  description: safeText(1000).default(''),
});
export type AttachmentInput = z.input<typeof attachmentInputSchema>;

/** A search string: bounded in length and in terms (each term costs an index probe). */
export const searchSchema = safeText(MAX_SEARCH_LENGTH).refine((s) => parseSearchTerms(s).length <= MAX_SEARCH_TERMS, {
  params: { code: 'too_many_terms', max: MAX_SEARCH_TERMS },
});

/** Filters of `tickets.list` and `tickets.statistics` (the seed's query parameters). */
export const ticketListFiltersSchema = z.object({
  status: ticketStatusSchema.optional(),
  priority: ticketPrioritySchema.optional(),
  category: z.string().min(1).max(50).optional(),
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
  /** At most {@link MAX_SEARCH_TERMS} terms (code `too_many_terms`). */
  search: searchSchema.optional(),
});
export type TicketListFilters = z.input<typeof ticketListFiltersSchema>;

/** Pagination and ordering of list calls. */
export const pageInputSchema = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
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
