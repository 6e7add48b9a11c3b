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
}

/**
 * Every stored ticket field, declared once, in display order. Views, history, customer
 * permissions, wire schemas and serializers, OpenAPI, admin form fields and the stores' row
 * mappers derive from this table; a new optional scalar field is one entry here plus one
 * migration per SQL dialect.
 */
export const TICKET_FIELDS = {
  id: { wire: 'id', column: 'id', kind: 'id', nullable: false, writer: 'system', history: false },
  sequence: { wire: 'sequence', column: 'sequence', kind: 'integer', nullable: false, writer: 'system', history: false },
  ticketNumber: { wire: 'ticket_number', column: 'ticket_number', kind: 'text', nullable: false, writer: 'system', history: false },
  subject: { wire: 'subject', column: 'subject', kind: 'text', nullable: false, writer: 'customer', history: 'updated' },
  description: { wire: 'description', column: 'description', kind: 'text', nullable: false, writer: 'customer', history: 'updated' },
  status: { wire: 'status', column: 'status', kind: 'code', nullable: false, writer: 'customer', history: 'status_changed' },
  priority: { wire: 'priority', column: 'priority', kind: 'code', nullable: false, writer: 'staff', history: 'priority_changed' },
  category: { wire: 'category', column: 'category', kind: 'code', nullable: false, writer: 'customer', history: 'category_changed' },
  customerId: { wire: 'customer', column: 'customer_id', kind: 'id', nullable: false, writer: 'staff', history: 'updated' },
  assignedToId: { wire: 'assigned_to', column: 'assigned_to_id', kind: 'id', nullable: true, writer: 'staff', history: 'assignment' },
  createdById: { wire: 'created_by', column: 'created_by_id', kind: 'id', nullable: false, writer: 'system', history: false },
  createdAt: { wire: 'created_at', column: 'created_at', kind: 'timestamp', nullable: false, writer: 'system', history: false },
  updatedAt: { wire: 'updated_at', column: 'updated_at', kind: 'timestamp', nullable: false, writer: 'system', history: false },
  resolvedAt: { wire: 'resolved_at', column: 'resolved_at', kind: 'timestamp', nullable: true, writer: 'system', history: false },
  closedAt: { wire: 'closed_at', column: 'closed_at', kind: 'timestamp', nullable: true, writer: 'system', history: false },
  dueDate: { wire: 'due_date', column: 'due_date', kind: 'timestamp', nullable: true, writer: 'staff', history: 'updated' },
  estimatedHours: { wire: 'estimated_hours', column: 'estimated_hours', kind: 'decimal', nullable: true, writer: 'staff', history: 'updated' },
  actualHours: { wire: 'actual_hours', column: 'actual_hours', kind: 'decimal', nullable: true, writer: 'staff', history: 'updated' },
  tags: { wire: 'tags', column: 'tags', kind: 'tags', nullable: false, writer: 'customer', history: 'updated' },
  firstResponseAt: { wire: 'first_response_at', column: 'first_response_at', kind: 'timestamp', nullable: true, writer: 'system', history: false },
  version: { wire: 'version', column: 'version', kind: 'integer', nullable: false, writer: 'system', history: false },
  // SLA clock state (see `SlaClockState`): written by the service and `tick`, never by callers.
  slaPolicyId: { wire: 'sla_policy', column: 'sla_policy_id', kind: 'id', nullable: true, writer: 'system', history: false },
  slaFirstResponseClock: { wire: 'sla_first_response_clock', column: 'sla_first_response_clock', kind: 'code', nullable: false, writer: 'system', history: false },
  slaFirstResponseDueAt: { wire: 'first_response_due_at', column: 'sla_first_response_due_at', kind: 'timestamp', nullable: true, writer: 'system', history: false },
  slaFirstResponseBreached: { wire: 'sla_first_response_breach_recorded', column: 'sla_first_response_breached', kind: 'boolean', nullable: false, writer: 'system', history: false },
  slaResolutionClock: { wire: 'sla_resolution_clock', column: 'sla_resolution_clock', kind: 'code', nullable: false, writer: 'system', history: false },
  slaResolutionDueAt: { wire: 'resolution_due_at', column: 'sla_resolution_due_at', kind: 'timestamp', nullable: true, writer: 'system', history: false },
  slaResolutionElapsedMs: { wire: 'sla_resolution_elapsed_ms', column: 'sla_resolution_elapsed_ms', kind: 'integer', nullable: false, writer: 'system', history: false },
  slaResolutionRunningSince: { wire: 'sla_resolution_running_since', column: 'sla_resolution_running_since', kind: 'timestamp', nullable: true, writer: 'system', history: false },
  slaResolutionBreached: { wire: 'sla_resolution_breach_recorded', column: 'sla_resolution_breached', kind: 'boolean', nullable: false, writer: 'system', history: false },
  slaBreachAt: { wire: 'sla_breach_at', column: 'sla_breach_at', kind: 'timestamp', nullable: true, writer: 'system', history: false },
} as const satisfies Record<keyof Ticket, TicketFieldSpec>;

/** Domain name of a ticket field. */
export type TicketFieldName = keyof typeof TICKET_FIELDS;
