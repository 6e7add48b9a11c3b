import { formatTags } from './tags.js';
import type { HistoryAction } from './enums.js';
import type { Ticket } from './model.js';

/** A history row before the store assigns it an id. */
export interface NewHistoryEntry {
  ticketId: number;
  /** The acting user; null for rows the system writes (`sla_breached`). */
  userId: number | null;
  action: HistoryAction;
  fieldName: string | null;
  oldValue: string | null;
  newValue: string | null;
  timestamp: Date;
  isInternal: boolean;
}

/** Fields of a ticket that users edit and the audit trail tracks, with their wire names. */
export const TRACKED_FIELDS = {
  subject: 'subject',
  description: 'description',
  status: 'status',
  priority: 'priority',
  category: 'category',
  customerId: 'customer',
  assignedToId: 'assigned_to',
  dueDate: 'due_date',
  estimatedHours: 'estimated_hours',
  actualHours: 'actual_hours',
  tags: 'tags',
} as const satisfies Partial<Record<keyof Ticket, string>>;

export type TrackedField = keyof typeof TRACKED_FIELDS;
export type TicketChanges = Partial<Pick<Ticket, TrackedField>>;

/** Renders a field value as the audit trail stores it: codes, ids as strings, ISO timestamps, plain decimals. */
export function historyValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().replace(/\.000Z$/u, 'Z');
  if (Array.isArray(value)) return formatTags(value as string[]);
  return String(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

function actionFor(field: TrackedField, newValue: unknown): HistoryAction {
  switch (field) {
    case 'status':
      return 'status_changed';
    case 'priority':
      return 'priority_changed';
    case 'category':
      return 'category_changed';
    case 'assignedToId':
      return newValue === null ? 'unassigned' : 'assigned';
    default:
      return 'updated';
  }
}

/**
 * Keeps only the fields of `changes` that differ from `before`. An empty result means the
 * change is a no-op and must write nothing.
 */
export function effectiveChanges(before: Ticket, changes: TicketChanges): TicketChanges {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(changes) as TrackedField[]) {
    if (!(key in TRACKED_FIELDS)) continue;
    const next = changes[key];
    if (next === undefined) continue;
    if (!sameValue(before[key], next)) out[key] = next;
  }
  return out as TicketChanges;
}

/**
 * One history row per changed field, in the order of {@link TRACKED_FIELDS}.
 * `changes` must already be effective.
 */
export function historyForChanges(
  before: Ticket,
  changes: TicketChanges,
  userId: number,
  timestamp: Date,
): NewHistoryEntry[] {
  const fields = (Object.keys(TRACKED_FIELDS) as TrackedField[]).filter((field) => changes[field] !== undefined);
  return fields.map((field) => ({
    ticketId: before.id,
    userId,
    action: actionFor(field, changes[field]),
    fieldName: TRACKED_FIELDS[field],
    oldValue: historyValue(before[field]),
    newValue: historyValue(changes[field]),
    timestamp,
    isInternal: false,
  }));
}
