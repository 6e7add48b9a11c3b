import { computeMetrics } from '../domain/metrics.js';
import type { PartyDetails, Ticket } from '../domain/model.js';
import { TICKET_FIELDS, type TicketFieldCatalogue } from '../domain/ticket-fields.js';
import type { Directory } from '../ports/directory.js';
import { objectBuilder, type BuiltProperty } from '../object-builder.js';
import { lookUpPeople } from './directory-memo.js';
import type { TicketSlaView, TicketView } from './types.js';
import { slaViewFields, type SlaCalendarsByPolicy } from './sla-views.js';
import { SLA_TICKET_FIELDS } from '../sla/ticket-state.js';

const SLA_FIELD_SET: ReadonlySet<string> = new Set(SLA_TICKET_FIELDS);

function details(record: { id: number; name: string; email: string } | undefined): PartyDetails | null {
  return record ? { id: record.id, name: record.name, email: record.email } : null;
}

/** The view key holding the details of an id field: `customerId` → `customerDetails`. */
export function detailsKey(field: string): string {
  return `${field.replace(/Id$/u, '')}Details`;
}

/** The SLA fields of a staff view, in the order `slaViewFields` returns them. */
const SLA_VIEW_KEYS: readonly (keyof TicketSlaView)[] = [
  'slaPolicyId',
  'firstResponseDueAt',
  'firstResponseBreached',
  'resolutionDueAt',
  'resolutionBreached',
  'slaStatus',
  'responseTimeBusinessHours',
  'resolutionTimeBusinessHours',
];

/** How the views of one catalogue are made: `build(row, metrics, details, sla)` with or without SLA fields. */
interface ViewShape {
  refs: { name: string; kind: 'user' | 'customer' }[];
  customerView: (...args: unknown[]) => Record<string, unknown>;
  staffView: (...args: unknown[]) => Record<string, unknown>;
}

const shapes = new WeakMap<TicketFieldCatalogue, ViewShape>();

/**
 * The view shape of a catalogue: every field but the internal SLA clock columns, the metrics, a
 * `*Details` per field that refers to a user or customer, then (staff) the evaluated SLA fields.
 * One key order for every view.
 */
function viewShape(catalogue: TicketFieldCatalogue): ViewShape {
  let shape = shapes.get(catalogue);
  if (shape) return shape;
  const names = Object.keys(catalogue).filter((name) => !SLA_FIELD_SET.has(name));
  const refs = names.flatMap((name) => {
    const kind = catalogue[name]!.refersTo;
    return kind ? [{ name, kind }] : [];
  });
  const common: BuiltProperty[] = [
    ...names.map((name) => ({ key: name, from: 0, read: name })),
    ...(['firstResponseAt', 'responseTimeHours', 'resolutionTimeHours', 'isOverdue'] as const).map((key) => ({ key, from: 1, read: key })),
    ...refs.map((ref, i) => ({ key: detailsKey(ref.name), from: 2, read: String(i) })),
  ];
  shape = {
    refs,
    customerView: objectBuilder(common),
    staffView: objectBuilder([...common, ...SLA_VIEW_KEYS.map((key) => ({ key, from: 3, read: key }))]),
  };
  shapes.set(catalogue, shape);
  return shape;
}

/**
 * Turns stored rows into views over any field catalogue: every catalogue field, metrics at `now`,
 * and `*Details` for each field that `refersTo` a user or customer, resolved with one directory
 * call per kind (not per row).
 */
export async function ticketViewsIn(
  catalogue: TicketFieldCatalogue,
  rows: readonly Ticket[],
  directory: Directory | null,
  now: Date,
  /** Calendars of the tickets' policies (`loadSlaCalendars`); omitted = a customer's view, without SLA fields. */
  sla?: SlaCalendarsByPolicy,
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const { refs, customerView, staffView } = viewShape(catalogue);
  const wanted = { user: new Set<number>(), customer: new Set<number>() };
  for (const row of rows) {
    for (const ref of refs) {
      const id = (row as unknown as Record<string, unknown>)[ref.name];
      if (typeof id === 'number') wanted[ref.kind].add(id);
    }
  }
  const { users, customers } = directory
    ? await lookUpPeople(directory, { users: [...wanted.user], customers: [...wanted.customer] })
    : { users: [], customers: [] };
  const byKind = { user: new Map(users.map((u) => [u.id, u])), customer: new Map(customers.map((c) => [c.id, c])) };
  return rows.map((row) => {
    const source = row as unknown as Record<string, unknown>;
    const people = refs.map((ref) => {
      const id = source[ref.name];
      return typeof id === 'number' ? details(byKind[ref.kind].get(id)) : null;
    });
    const metrics = computeMetrics(row, now);
    return sla ? staffView(row, metrics, people, slaViewFields(row, now, sla)) : customerView(row, metrics, people);
  });
}

/** Stored tickets as views (see {@link ticketViewsIn}), over {@link TICKET_FIELDS}. */
export async function toTicketViews(
  tickets: readonly Ticket[],
  directory: Directory | null,
  now: Date,
  sla?: SlaCalendarsByPolicy,
): Promise<TicketView[]> {
  return (await ticketViewsIn(TICKET_FIELDS, tickets, directory, now, sla)) as unknown as TicketView[];
}

export async function toTicketView(
  ticket: Ticket,
  directory: Directory | null,
  now: Date,
  sla?: SlaCalendarsByPolicy,
): Promise<TicketView> {
  const [view] = await toTicketViews([ticket], directory, now, sla);
  return view!;
}
