import { TICKET_FIELDS, wireNames } from '@tessera/core';

/**
 * Core (camelCase) field names whose wire name is not plain snake_case: the ticket's come from
 * the field catalogue; the rest name other resources' fields.
 */
const WIRE_NAMES: Record<string, string> = {
  ...wireNames(TICKET_FIELDS),
  ticketId: 'ticket',
  authorId: 'author',
  uploadedById: 'uploaded_by',
  userId: 'user_id',
  nonFieldErrors: 'non_field_errors',
  filename: 'file',
  calendarId: 'calendar',
  slaPolicyId: 'sla_policy',
};

/** The wire (snake_case) name of a core field: `customerId` → `customer`, `dueDate` → `due_date`. */
export function wireFieldName(field: string): string {
  return WIRE_NAMES[field] ?? field.replace(/[A-Z]/gu, (ch) => `_${ch.toLowerCase()}`);
}
