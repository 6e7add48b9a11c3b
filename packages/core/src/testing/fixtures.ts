import { formatTicketNumber } from '../domain/numbering.js';
import type { NewHistoryEntry } from '../domain/history.js';
import type { CustomerRecord, Ticket, UserRecord } from '../domain/model.js';
import type { DirectoryStore } from '../ports/directory.js';
import type { NewTicket, TicketFilter, TicketOrdering, TicketStore, TicketStoreTx } from '../ports/ticket-store.js';

/** Shorthand for a UTC instant. */
export const at = (iso: string): Date => new Date(iso);

/** A customer and a staff member: the directory rows a store test needs before it writes tickets. */
export async function addCustomerAndStaff(directory: DirectoryStore): Promise<{ customer: CustomerRecord; staff: UserRecord }> {
  const customer = await directory.addCustomer({ name: 'Acme', email: 'a@acme.test' });
  const staff = await directory.addUser({ name: 'Sam', email: 's@x.test', role: 'staff' });
  return { customer, staff };
}

/** A complete new ticket with neutral defaults; `overrides` win. */
export function newTicket(sequence: number, overrides: Partial<NewTicket> = {}): NewTicket {
  const seq = overrides.sequence ?? sequence;
  return {
    sequence: seq,
    ticketNumber: formatTicketNumber(seq),
    subject: `Subject ${seq}`,
    description: `Description ${seq}`,
    status: 'new',
    priority: 'medium',
    category: 'general',
    customerId: 1,
    assignedToId: null,
    createdById: 1,
    createdAt: at('2024-01-01T00:00:00.000Z'),
    updatedAt: at('2024-01-01T00:00:00.000Z'),
    resolvedAt: null,
    closedAt: null,
    dueDate: null,
    estimatedHours: null,
    actualHours: null,
    tags: [],
    firstResponseAt: null,
    version: 1,
    ...overrides,
  };
}

/** A spec of a seeded ticket: any ticket fields; the sequence is allocated unless given. */
export type TicketSpec = Partial<NewTicket>;

/** Inserts tickets in order, in one transaction, allocating sequences where the spec has none. */
export async function insertTickets(store: TicketStore, specs: readonly TicketSpec[]): Promise<Ticket[]> {
  return store.transaction(async (tx) => {
    const out: Ticket[] = [];
    for (const spec of specs) {
      const sequence = spec.sequence ?? (await tx.allocateTicketSequence());
      out.push(await tx.insertTicket(newTicket(sequence, spec)));
    }
    return out;
  });
}

/**
 * Inserts a keyed set of tickets (in key order, so ids increase in key order) and returns a
 * lookup from key to row and from id back to key.
 */
export async function seedKeyed<K extends string>(
  store: TicketStore,
  specs: Record<K, TicketSpec>,
): Promise<{ rows: Record<K, Ticket>; keyOf: (t: Ticket) => K }> {
  const keys = Object.keys(specs) as K[];
  const inserted = await insertTickets(store, keys.map((k) => specs[k]));
  const rows = Object.fromEntries(keys.map((k, i) => [k, inserted[i]!])) as Record<K, Ticket>;
  const byId = new Map(inserted.map((t, i) => [t.id, keys[i]!]));
  return {
    rows,
    keyOf: (t) => {
      const key = byId.get(t.id);
      if (key === undefined) throw new Error(`Unexpected ticket id ${t.id}`);
      return key;
    },
  };
}

const BY_ID_ASC = { field: 'ticket_number', direction: 'asc' } as const satisfies TicketOrdering;

/** Every ticket matching `filter` (first 1000), ordered by ticket number ascending unless told. */
export async function listAll(
  store: TicketStore,
  filter: TicketFilter,
  now: Date,
  ordering: TicketOrdering = BY_ID_ASC,
): Promise<{ count: number; rows: Ticket[] }> {
  return store.listTickets({ filter, ordering, page: { offset: 0, limit: 1000 }, now });
}

/** A history row for `ticketId` with neutral defaults. */
export function newHistory(ticketId: number, overrides: Partial<NewHistoryEntry> = {}): NewHistoryEntry {
  return {
    ticketId,
    userId: 1,
    action: 'updated',
    fieldName: 'subject',
    oldValue: 'old',
    newValue: 'new',
    timestamp: at('2024-01-02T00:00:00.000Z'),
    isInternal: false,
    ...overrides,
  };
}

/** Allocates a sequence and inserts a ticket with it inside `tx`. */
export async function createInTx(tx: TicketStoreTx, overrides: Partial<NewTicket> = {}): Promise<Ticket> {
  const sequence = await tx.allocateTicketSequence();
  return tx.insertTicket(newTicket(sequence, overrides));
}

/** `record` without its zero entries (stores may omit empty groups; the service fills zeros). */
export function nonZero(record: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined && v !== 0)) as Record<
    string,
    number
  >;
}
