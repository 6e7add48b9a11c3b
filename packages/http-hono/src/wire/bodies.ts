import { editableFields, idSchema, nonBlank, safeText, ticketInputSchemas, ticketStatusSchema, TICKET_FIELDS, type TicketFieldCatalogue } from '@tessera/core';
import { z } from 'zod';

/**
 * The ticket bodies in the seed's snake_case: core's ticket write schemas for a field catalogue,
 * keyed by wire name, without create defaults (the service fills those in).
 */
export function ticketBodySchemas(catalogue: TicketFieldCatalogue, categories: readonly string[]) {
  const { create, patch, update } = ticketInputSchemas(catalogue, categories, { keys: 'wire', createDefaults: false });
  return { ticketCreate: create, ticketPatch: patch, ticketUpdate: update };
}

// Body schemas whose failures the router leaves to the service (see `isServiceValidated`).
const serviceValidated = new WeakSet<z.ZodType>();

/**
 * Whether a body that fails `schema` still goes to the service, which validates it itself: ticket
 * writes, so that an invisible ticket is 404 whatever the body holds and one 400 lists every bad
 * field, unknown ids included. The schema still documents the body in OpenAPI.
 */
export function isServiceValidated(schema: unknown): boolean {
  return serviceValidated.has(schema as z.ZodType);
}

/**
 * Request bodies in the seed's snake_case, built from core's field catalogue and schemas so the
 * rules live in one place. Unknown keys are dropped (DRF ignores them), read-only ones such as
 * `status` on create included. The service re-validates what it receives.
 */
export function createBodySchemas(categories: readonly string[]) {
  const { ticketCreate, ticketPatch, ticketUpdate } = ticketBodySchemas(TICKET_FIELDS, categories);
  for (const schema of [ticketCreate, ticketPatch, ticketUpdate]) serviceValidated.add(schema);
  const assign = z.object({ user_id: idSchema.nullable() });
  const changeStatus = z.object({ status: ticketStatusSchema });
  const comment = z.object({
    content: nonBlank(safeText(100_000)),
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
export function toTicketInput(body: TicketWriteBody, catalogue: TicketFieldCatalogue = TICKET_FIELDS): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of editableFields(catalogue)) {
    const value = (body as Record<string, unknown>)[catalogue[name]!.wire];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
