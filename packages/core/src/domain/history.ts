import { formatTags } from './tags.js';
import type { HistoryAction } from './enums.js';
import type { HistoryEntry, Ticket } from './model.js';
import { TICKET_FIELDS, trackedFields, type TicketFieldCatalogue, type TicketFieldSpec } from './ticket-fields.js';

/** A history row before the store assigns it an id. */
export type NewHistoryEntry = Omit<HistoryEntry, 'id'>;

type Fields = typeof TICKET_FIELDS;
export type TrackedField = { [K in keyof Fields]: Fields[K]['history'] extends false ? never : K }[keyof Fields];

/** Fields of a ticket the audit trail tracks, with their wire names (derived from {@link TICKET_FIELDS}). */
export const TRACKED_FIELDS = Object.fromEntries(
  trackedFields(TICKET_FIELDS).map((name) => [name, TICKET_FIELDS[name].wire]),
) as { readonly [K in TrackedField]: Fields[K]['wire'] };

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

function actionFor(spec: TicketFieldSpec, newValue: unknown): HistoryAction {
  if (spec.history === 'assignment') return newValue === null ? 'unassigned' : 'assigned';
  return spec.history === false ? 'updated' : spec.history;
}

/**
 * Keeps only the fields of `changes` that differ from `before`. An empty result means the
 * change is a no-op and must write nothing.
 */
export function effectiveChanges(before: Ticket, changes: TicketChanges): TicketChanges {
  return effectiveChangesIn(TICKET_FIELDS, before, changes) as TicketChanges;
}

/** {@link effectiveChanges} over any field catalogue (values keyed by its domain names). */
export function effectiveChangesIn(
  catalogue: TicketFieldCatalogue,
  ticket: object,
  changes: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const before = ticket as Readonly<Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(changes)) {
    const spec = catalogue[key];
    if (!spec || spec.history === false) continue;
    const next = changes[key];
    if (next === undefined) continue;
    if (!sameValue(before[key], next)) out[key] = next;
  }
  return out;
}

/**
 * One history row per changed field, in catalogue order.
 * `changes` must already be effective.
 */
export function historyForChanges(
  before: Ticket,
  changes: TicketChanges,
  userId: number,
  timestamp: Date,
): NewHistoryEntry[] {
  return historyForChangesIn(TICKET_FIELDS, before, changes, userId, timestamp);
}

/** {@link historyForChanges} over any field catalogue: action and `field_name` come from each field's spec. */
export function historyForChangesIn(
  catalogue: TicketFieldCatalogue,
  ticket: { id: number },
  changes: Readonly<Record<string, unknown>>,
  userId: number,
  timestamp: Date,
): NewHistoryEntry[] {
  const before = ticket as { id: number } & Readonly<Record<string, unknown>>;
  const fields = trackedFields(catalogue).filter((field) => changes[field] !== undefined);
  return fields.map((field) => ({
    ticketId: before.id,
    userId,
    action: actionFor(catalogue[field]!, changes[field]),
    fieldName: catalogue[field]!.wire,
    oldValue: historyValue(before[field]),
    newValue: historyValue(changes[field]),
    timestamp,
    isInternal: false,
  }));
}
