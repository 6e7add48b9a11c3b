import { computeMetrics } from '../domain/metrics.js';
import type { PartyDetails, Ticket } from '../domain/model.js';
import { TICKET_FIELDS, type TicketFieldCatalogue } from '../domain/ticket-fields.js';
import type { Directory } from '../ports/directory.js';
import { lookUpPeople } from './directory-memo.js';
import type { TicketView } from './types.js';
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
  // The SLA clock columns are internal: views carry the evaluated SLA fields instead (staff only).
  const names = Object.keys(catalogue).filter((name) => !SLA_FIELD_SET.has(name));
  const refs = names.filter((name) => catalogue[name]!.refersTo !== undefined);
  const wanted = { user: new Set<number>(), customer: new Set<number>() };
  for (const row of rows) {
    for (const name of refs) {
      const id = (row as unknown as Record<string, unknown>)[name];
      if (typeof id === 'number') wanted[catalogue[name]!.refersTo!].add(id);
    }
  }
  const { users, customers } = directory
    ? await lookUpPeople(directory, { users: [...wanted.user], customers: [...wanted.customer] })
    : { users: [], customers: [] };
  const byKind = { user: new Map(users.map((u) => [u.id, u])), customer: new Map(customers.map((c) => [c.id, c])) };
  return rows.map((row) => {
    const source = row as unknown as Record<string, unknown>;
    // Keys are added in one fixed order for every row, so V8 keeps one fast shape for all views
    // (spreading `{ ...row, more }` fell into slow dictionary mode, ~7 µs a row).
    const view: Record<string, unknown> = {};
    for (const name of names) view[name] = source[name];
    const metrics = computeMetrics(row, now);
    view.firstResponseAt = metrics.firstResponseAt;
    view.responseTimeHours = metrics.responseTimeHours;
    view.resolutionTimeHours = metrics.resolutionTimeHours;
    view.isOverdue = metrics.isOverdue;
    for (const name of refs) {
      const id = source[name];
      view[detailsKey(name)] = typeof id === 'number' ? details(byKind[catalogue[name]!.refersTo!].get(id)) : null;
    }
    if (sla) Object.assign(view, slaViewFields(row, now, sla));
    return view;
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
