import {
  HISTORY_ACTIONS,
  SLA_STATUSES,
  TICKET_FIELDS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketFieldCatalogue,
  type TicketFieldKind,
  type TicketFieldSpec,
} from '@tessera/core';
import { z } from 'zod';

/**
 * Response shapes, as zod schemas so that the serializers' types and the OpenAPI document come
 * from one definition. They describe output; the router never parses its own responses.
 */
const timestamp = z.string().meta({ format: 'date-time', examples: ['2024-12-31T23:59:59Z'] });
const party = z.object({ id: z.number().int(), name: z.string(), email: z.string() });

/** The wire schema of one ticket field's value. */
function wireValueSchema(spec: TicketFieldSpec): z.ZodType {
  const byKind: Record<TicketFieldKind, () => z.ZodType> = {
    text: () => z.string(),
    code: () => (Array.isArray(spec.choices) ? z.enum(spec.choices as [string, ...string[]]) : z.string()),
    id: () => z.number().int(),
    integer: () => z.number().int(),
    timestamp: () => timestamp,
    decimal: () => z.number(),
    tags: () => z.string(),
    boolean: () => z.boolean(),
  };
  const schema = spec.example ? byKind[spec.kind]().meta({ examples: [spec.example] }) : byKind[spec.kind]();
  return spec.nullable ? schema.nullable() : schema;
}

/**
 * A ticket on the wire, derived from a field catalogue: every field kept on the wire (tags also
 * as `tag_list`), the metrics, and `<field>_details` for each field that names a user or customer.
 */
export function wireTicketSchemaFor(catalogue: TicketFieldCatalogue) {
  const shape: Record<string, z.ZodType> = {};
  for (const spec of Object.values(catalogue)) {
    if (spec.onWire === false) continue;
    shape[spec.wire] = wireValueSchema(spec);
    if (spec.kind === 'tags') shape[`${spec.wire === 'tags' ? 'tag' : spec.wire}_list`] = z.array(z.string());
  }
  shape.response_time_hours = z.number().nullable();
  shape.resolution_time_hours = z.number().nullable();
  shape.is_overdue = z.boolean();
  for (const spec of Object.values(catalogue)) if (spec.refersTo) shape[`${spec.wire}_details`] = party.nullable();
  return z.object(shape);
}

type WireValue<S extends TicketFieldSpec> = S['kind'] extends 'id' | 'integer' | 'decimal'
  ? number
  : S['kind'] extends 'boolean'
    ? boolean
    : S extends { choices: readonly (infer C)[] }
      ? C
      : string;
type Fields = typeof TICKET_FIELDS;
type OnWire = { [K in keyof Fields]: Fields[K] extends { onWire: false } ? never : K }[keyof Fields];
type Refs = { [K in keyof Fields]: Fields[K] extends { refersTo: string } ? K : never }[keyof Fields];
/** A ticket on the wire (list rows and write answers): the seed's fields, metrics and `*_details`. */
export type WireTicket = {
  [K in OnWire as Fields[K]['wire']]: WireValue<Fields[K]> | (Fields[K]['nullable'] extends true ? null : never);
} & {
  tag_list: string[];
  response_time_hours: number | null;
  resolution_time_hours: number | null;
  is_overdue: boolean;
} & { [K in Refs as `${Fields[K]['wire']}_details`]: z.output<typeof party> | null } & Partial<WireTicketSla>;

/** Service levels on a ticket: staff only, absent from a customer's view. */
const wireTicketSlaShape = {
  sla_policy: z.number().int().nullable().optional().meta({ description: 'SLA policy id (staff only).' }),
  first_response_due_at: timestamp.nullable().optional(),
  first_response_breached: z.boolean().optional(),
  resolution_due_at: timestamp.nullable().optional().meta({ description: 'Null while paused or without a target.' }),
  resolution_breached: z.boolean().optional(),
  sla_status: z.enum(SLA_STATUSES).optional(),
  response_time_business_hours: z.number().nullable().optional(),
  resolution_time_business_hours: z.number().nullable().optional(),
};
/** The SLA fields of a staff member's ticket on the wire. */
export type WireTicketSla = { [K in keyof typeof wireTicketSlaShape]-?: Exclude<z.output<(typeof wireTicketSlaShape)[K]>, undefined> };

/** A ticket on the wire (list rows and write answers): the seed's fields, metrics and `*_details`. */
export const wireTicketSchema = wireTicketSchemaFor(TICKET_FIELDS).extend(wireTicketSlaShape) as unknown as z.ZodType<WireTicket> & z.ZodObject;

/** A comment on the wire. */
export const wireCommentSchema = z
  .object({
    id: z.number().int(),
    ticket: z.number().int(),
    author: z.number().int(),
    content: z.string(),
    is_internal: z.boolean(),
    created_at: timestamp,
    updated_at: timestamp,
  });

/** Attachment metadata on the wire, with an absolute `download_url`. */
export const wireAttachmentSchema = z
  .object({
    id: z.number().int(),
    ticket: z.number().int(),
    filename: z.string(),
    file_size: z.number().int(),
    file_size_display: z.string().meta({ examples: ['1.2 MB'] }),
    content_type: z.string(),
    description: z.string(),
    uploaded_by: z.number().int(),
    uploaded_at: timestamp,
    download_url: z.string().meta({ format: 'uri' }),
  });

/** One audit-trail row on the wire; values are strings or null. */
export const wireHistorySchema = z
  .object({
    id: z.number().int(),
    ticket: z.number().int(),
    user: z.number().int().nullable(),
    action: z.enum(HISTORY_ACTIONS),
    field_name: z.string().nullable(),
    old_value: z.string().nullable(),
    new_value: z.string().nullable(),
    timestamp,
  });

/** Ticket detail: the row plus the comments, attachments and history the caller may see. */
export const wireTicketDetailSchema = wireTicketSchema
  .extend({
    comments: z.array(wireCommentSchema),
    attachments: z.array(wireAttachmentSchema),
    history: z.array(wireHistorySchema),
  });

const counts = <K extends string>(keys: readonly K[]) => z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])) as Record<K, z.ZodNumber>);

/** `GET /tickets/statistics/`: every status, priority and configured category, zeros included. */
export const wireStatisticsSchema = z
  .object({
    total_tickets: z.number().int(),
    by_status: counts(TICKET_STATUSES),
    by_priority: counts(TICKET_PRIORITIES),
    by_category: z.record(z.string(), z.number().int()),
    overdue_count: z.number().int(),
    unassigned_count: z.number().int(),
    my_tickets_count: z.number().int(),
    avg_resolution_time_hours: z.number().nullable(),
    /** Tickets per SLA target outcome (staff only). */
    sla: z
      .object({
        first_response: counts(['active', 'fulfilled', 'breached'] as const),
        resolution: counts(['active', 'paused', 'fulfilled', 'breached'] as const),
      })
      .optional(),
  });

/** A DRF page of `item`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    count: z.number().int(),
    next: z.string().meta({ format: 'uri' }).nullable(),
    previous: z.string().meta({ format: 'uri' }).nullable(),
    results: z.array(item),
  });
}

/** `{"detail": "..."}` (401/403/404/409/412/413) or `{"field": ["message"]}` (400). */
export const wireErrorSchema = z
  .union([z.object({ detail: z.string() }), z.record(z.string(), z.array(z.string()))])
  ;

/** Wire types, inferred from the schemas above. */
export type WireTicketDetail = WireTicket & {
  comments: WireComment[];
  attachments: WireAttachment[];
  history: WireHistory[];
};
export type WireComment = z.output<typeof wireCommentSchema>;
export type WireAttachment = z.output<typeof wireAttachmentSchema>;
export type WireHistory = z.output<typeof wireHistorySchema>;
export type WireStatistics = z.output<typeof wireStatisticsSchema>;
