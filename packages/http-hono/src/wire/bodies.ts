import {
  dateTimeSchema,
  hoursSchema,
  idSchema,
  safeText,
  tagsInputSchema,
  ticketPrioritySchema,
  ticketStatusSchema,
  TRACKED_FIELDS,
} from '@tessera/core';
import { z } from 'zod';

/**
 * Request bodies in the seed's snake_case, built from core's field schemas so the rules live in
 * one place. Unknown keys are dropped (DRF ignores them), read-only ones such as `status` on
 * create included. The service re-validates what it receives.
 */
export function createBodySchemas(categories: readonly string[]) {
  const category = z.enum(categories as [string, ...string[]]);
  const subject = safeText(255).trim().min(1, 'This field may not be blank.');
  const description = safeText(100_000).min(1, 'This field may not be blank.');
  const optional = {
    priority: ticketPrioritySchema.optional(),
    category: category.optional(),
    customer: idSchema.optional(),
    assigned_to: idSchema.nullable().optional(),
    due_date: dateTimeSchema.nullable().optional(),
    estimated_hours: hoursSchema.nullable().optional(),
    actual_hours: hoursSchema.nullable().optional(),
    tags: tagsInputSchema.optional(),
  };

  const ticketCreate = z.object({ subject, description, ...optional });
  const ticketPatch = z.object({
    subject: subject.optional(),
    description: description.optional(),
    status: ticketStatusSchema.optional(),
    ...optional,
  });
  const ticketUpdate = ticketPatch.extend({ subject, description });
  const assign = z.object({ user_id: idSchema.nullable() });
  const changeStatus = z.object({ status: ticketStatusSchema });
  const comment = z.object({
    content: safeText(100_000).min(1, 'This field may not be blank.'),
    is_internal: z.boolean().optional(),
  });
  const commentCreate = comment.extend({ ticket: idSchema });
  return { ticketCreate, ticketUpdate, ticketPatch, assign, changeStatus, comment, commentCreate };
}

/** The request-body schemas of one router (categories are the service's). */
export type BodySchemas = ReturnType<typeof createBodySchemas>;
/** A validated ticket body (create, PUT or PATCH). */
export type TicketWriteBody = z.output<BodySchemas['ticketPatch']>;

/** Maps a validated ticket body to core's camelCase input (only the keys that were sent). */
export function toTicketInput(body: TicketWriteBody) {
  const out: Record<string, unknown> = {};
  for (const [core, wire] of Object.entries(TRACKED_FIELDS)) {
    const value = (body as Record<string, unknown>)[wire];
    if (value !== undefined) out[core] = value;
  }
  return out;
}
