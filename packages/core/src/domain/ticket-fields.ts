import { TICKET_PRIORITIES, TICKET_STATUSES } from './enums.js';
import type { Ticket } from './model.js';

/**
 * How a field's value is represented. Stores pick a column type and codec per kind; the wire
 * picks a JSON schema per kind.
 * - `text`: a string. `code`: a string from a fixed or configured set (status, priority, category).
 * - `id`: a positive integer reference (user, customer, policy). `integer`: any other integer.
 * - `timestamp`: an instant (`Date` in core, ISO 8601 UTC on the wire).
 * - `decimal`: a non-negative number with two decimals (hours).
 * - `tags`: the normalised tag list (stored as `"a, b"`, shown as a string and a list).
 * - `boolean`: true/false.
 */
export type TicketFieldKind = 'text' | 'code' | 'id' | 'integer' | 'timestamp' | 'decimal' | 'tags' | 'boolean';

/**
 * Who may set a field through the service.
 * - `customer`: any actor who can see the ticket (customers included).
 * - `staff`: staff only; a customer's change to it is forbidden (setting the current value is not a change).
 * - `system`: never set by callers; maintained by core (numbering, lifecycle, metrics, versions).
 */
export type TicketFieldWriter = 'customer' | 'staff' | 'system';

/**
 * How a change of the field is written to the audit trail: the history `action` it produces, or
 * `false` when changes are not recorded field by field (system fields).
 */
export type TicketFieldHistory = 'updated' | 'status_changed' | 'priority_changed' | 'category_changed' | 'assignment' | false;

/** Declaration of one ticket field. */
export interface TicketFieldSpec {
  /** snake_case name on the REST wire and in history `field_name`. */
  readonly wire: string;
  /** Column name in the SQL stores. */
  readonly column: string;
  readonly kind: TicketFieldKind;
  readonly nullable: boolean;
  readonly writer: TicketFieldWriter;
  readonly history: TicketFieldHistory;
  /** Label in the admin UI (defaults to the wire name, humanized). */
  readonly label?: string;
  /**
   * For `code` fields: the allowed values, or `'categories'` for the set configured with
   * `createTicketing({ categories })`.
   */
  readonly choices?: readonly string[] | 'categories';
  /** For `text` fields: the longest accepted value, in characters (default 1000). */
  readonly maxLength?: number;
  /** For `text` fields: surrounding whitespace is removed before storing. */
  readonly trim?: boolean;
  /** Must be present (and, for text, non-blank after trimming) on create and full update. */
  readonly required?: boolean;
  /** Value a create takes when the field is left out. */
  readonly createDefault?: string;
  /** `false`: not accepted on create (e.g. `status`: tickets start `new`). */
  readonly onCreate?: boolean;
  /** `false`: kept off the REST wire (internal bookkeeping such as `sequence`). */
  readonly onWire?: boolean;
  /** For `id` fields: what the id names (the admin offers a picker; views add `*_details`). */
  readonly refersTo?: 'user' | 'customer';
  /** An example value for the API documentation. */
  readonly example?: string;
  /** A short help text shown under the field in the admin form. */
  readonly hint?: string;
  /** A column of the admin ticket list: its header and what an empty cell says. Absent: no column. */
  readonly listColumn?: { readonly label: string; readonly empty?: string };
}

/** A set of ticket field declarations, keyed by domain name, in display order. */
export type TicketFieldCatalogue = Readonly<Record<string, TicketFieldSpec>>;

/**
 * Every stored ticket field, declared once, in display order. Views, history, customer
 * permissions, wire schemas and serializers, OpenAPI, admin form fields and the stores' row
 * mappers derive from this table; a new optional scalar field is one entry here plus one
 * migration per SQL dialect.
 */
export const TICKET_FIELDS = {
  id: { wire: 'id', column: 'id', kind: 'id', nullable: false, writer: 'system', history: false },
  sequence: { wire: 'sequence', column: 'sequence', kind: 'integer', nullable: false, writer: 'system', history: false, onWire: false },
  ticketNumber: { wire: 'ticket_number', column: 'ticket_number', kind: 'text', nullable: false, writer: 'system', history: false, label: 'Number', example: 'TKT-000001', listColumn: { label: 'Number' } },
  subject: { wire: 'subject', column: 'subject', kind: 'text', nullable: false, writer: 'customer', history: 'updated', maxLength: 255, trim: true, required: true, listColumn: { label: 'Subject' } },
  description: { wire: 'description', column: 'description', kind: 'text', nullable: false, writer: 'customer', history: 'updated', maxLength: 100_000, required: true },
  status: { wire: 'status', column: 'status', kind: 'code', nullable: false, writer: 'customer', history: 'status_changed', choices: TICKET_STATUSES, onCreate: false, listColumn: { label: 'Status' } },
  priority: { wire: 'priority', column: 'priority', kind: 'code', nullable: false, writer: 'staff', history: 'priority_changed', choices: TICKET_PRIORITIES, createDefault: 'medium', listColumn: { label: 'Priority' } },
  category: { wire: 'category', column: 'category', kind: 'code', nullable: false, writer: 'customer', history: 'category_changed', choices: 'categories', createDefault: 'general', listColumn: { label: 'Category' } },
  customerId: { wire: 'customer', column: 'customer_id', kind: 'id', nullable: false, writer: 'staff', history: 'updated', refersTo: 'customer', listColumn: { label: 'Customer' } },
  assignedToId: { wire: 'assigned_to', column: 'assigned_to_id', kind: 'id', nullable: true, writer: 'staff', history: 'assignment', refersTo: 'user', label: 'Assigned to', hint: 'Leave empty for unassigned.', listColumn: { label: 'Assignee', empty: 'Unassigned' } },
  createdById: { wire: 'created_by', column: 'created_by_id', kind: 'id', nullable: false, writer: 'system', history: false, refersTo: 'user' },
  createdAt: { wire: 'created_at', column: 'created_at', kind: 'timestamp', nullable: false, writer: 'system', history: false, listColumn: { label: 'Created' } },
  updatedAt: { wire: 'updated_at', column: 'updated_at', kind: 'timestamp', nullable: false, writer: 'system', history: false },
  resolvedAt: { wire: 'resolved_at', column: 'resolved_at', kind: 'timestamp', nullable: true, writer: 'system', history: false },
  closedAt: { wire: 'closed_at', column: 'closed_at', kind: 'timestamp', nullable: true, writer: 'system', history: false },
  dueDate: { wire: 'due_date', column: 'due_date', kind: 'timestamp', nullable: true, writer: 'staff', history: 'updated', label: 'Due date (UTC)', listColumn: { label: 'Due' } },
  estimatedHours: { wire: 'estimated_hours', column: 'estimated_hours', kind: 'decimal', nullable: true, writer: 'staff', history: 'updated' },
  actualHours: { wire: 'actual_hours', column: 'actual_hours', kind: 'decimal', nullable: true, writer: 'staff', history: 'updated' },
  tags: { wire: 'tags', column: 'tags', kind: 'tags', nullable: false, writer: 'customer', history: 'updated', example: 'login, authentication', hint: 'Comma-separated.' },
  version: { wire: 'version', column: 'version', kind: 'integer', nullable: false, writer: 'system', history: false },
  firstResponseAt: { wire: 'first_response_at', column: 'first_response_at', kind: 'timestamp', nullable: true, writer: 'system', history: false },
  // SLA clock state (see `SlaClockState`): written by the service and `tick`, never by callers.
  slaPolicyId: { wire: 'sla_policy', column: 'sla_policy_id', kind: 'id', nullable: true, writer: 'system', history: false, onWire: false },
  slaFirstResponseClock: { wire: 'sla_first_response_clock', column: 'sla_first_response_clock', kind: 'code', nullable: false, writer: 'system', history: false, onWire: false },
  slaFirstResponseDueAt: { wire: 'first_response_due_at', column: 'sla_first_response_due_at', kind: 'timestamp', nullable: true, writer: 'system', history: false, onWire: false },
  slaFirstResponseBreached: { wire: 'sla_first_response_breach_recorded', column: 'sla_first_response_breached', kind: 'boolean', nullable: false, writer: 'system', history: false, onWire: false },
  slaResolutionClock: { wire: 'sla_resolution_clock', column: 'sla_resolution_clock', kind: 'code', nullable: false, writer: 'system', history: false, onWire: false },
  slaResolutionDueAt: { wire: 'resolution_due_at', column: 'sla_resolution_due_at', kind: 'timestamp', nullable: true, writer: 'system', history: false, onWire: false },
  slaResolutionElapsedMs: { wire: 'sla_resolution_elapsed_ms', column: 'sla_resolution_elapsed_ms', kind: 'integer', nullable: false, writer: 'system', history: false, onWire: false },
  slaResolutionRunningSince: { wire: 'sla_resolution_running_since', column: 'sla_resolution_running_since', kind: 'timestamp', nullable: true, writer: 'system', history: false, onWire: false },
  slaResolutionBreached: { wire: 'sla_resolution_breach_recorded', column: 'sla_resolution_breached', kind: 'boolean', nullable: false, writer: 'system', history: false, onWire: false },
  slaBreachAt: { wire: 'sla_breach_at', column: 'sla_breach_at', kind: 'timestamp', nullable: true, writer: 'system', history: false, onWire: false },
} as const satisfies Record<keyof Ticket, TicketFieldSpec>;

/** Domain name of a ticket field. */
export type TicketFieldName = keyof typeof TICKET_FIELDS;

/** Fields callers may write (writer `customer` or `staff`), in catalogue order. */
export function editableFields<C extends TicketFieldCatalogue>(catalogue: C): (keyof C & string)[] {
  return Object.keys(catalogue).filter((name) => catalogue[name]!.writer !== 'system');
}

/** Fields written to the audit trail field by field, in catalogue order. */
export function trackedFields<C extends TicketFieldCatalogue>(catalogue: C): (keyof C & string)[] {
  return Object.keys(catalogue).filter((name) => catalogue[name]!.history !== false);
}

/** Fields only staff may set or change. */
export function staffOnlyFields<C extends TicketFieldCatalogue>(catalogue: C): (keyof C & string)[] {
  return Object.keys(catalogue).filter((name) => catalogue[name]!.writer === 'staff');
}

/** Domain name → wire name of every field (`customerId` → `customer`). */
export function wireNames(catalogue: TicketFieldCatalogue): Record<string, string> {
  return Object.fromEntries(Object.entries(catalogue).map(([name, spec]) => [name, spec.wire]));
}

/** The admin label of a field: its `label`, else the wire name humanized (`due_date` → `Due date`). */
export function fieldLabel(spec: TicketFieldSpec): string {
  if (spec.label) return spec.label;
  const words = spec.wire.replace(/_/gu, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
