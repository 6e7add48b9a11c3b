import { describe, expect, it } from 'vitest';
import { addCustomerAndStaff, newTicket } from '@tessera/core/testing';
import { openSqliteStore } from '@tessera/store-sqlite';

// The store holds the directory's tables, so the ticket detail reads its people in the same
// statement (the conformance suite checks they equal the directory's records).
describe('SQLite ticket detail with its people', () => {
  it('returns the customer, assignee and creator with the ticket when asked', async () => {
    const store = await openSqliteStore({ filename: ':memory:', tablePrefix: 'desk_' });
    try {
      const { customer, staff } = await addCustomerAndStaff(store.directory);
      const ticket = await store.transaction(async (tx) =>
      tx.insertTicket(newTicket(await tx.allocateTicketSequence(), { customerId: customer.id, createdById: staff.id, assignedToId: staff.id })),
    );
      const read = await store.getTicketWithActivity(ticket!.id, { includeInternal: false, people: true });
      expect(read!.people).toEqual({ users: [{ id: staff.id, name: 'Sam', email: 's@x.test', role: 'staff', customerId: null }], customers: [customer] });
    } finally {
      await store.close();
    }
  });
});
