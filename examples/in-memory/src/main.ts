/**
 * Tessera with no database: create a ticket, comment on it, resolve it, then read its metrics
 * and audit trail. Run with `pnpm --filter @tessera/example-in-memory start`.
 */
import { createMemoryStore, createTicketing, type Clock } from '@tessera/core';

export async function runInMemoryExample(clock?: Clock) {
  const store = createMemoryStore();
  const ticketing = createTicketing({ store, ...(clock && { clock }) });

  // The host's people: the in-memory store ships a small directory.
  const acme = await store.directory.addCustomer({ name: 'Acme Corp', email: 'it@acme.example' });
  const agent = await store.directory.addUser({ name: 'Sam Agent', email: 'sam@support.example', role: 'staff' });
  const staff = { id: agent.id, role: 'staff' as const };

  ticketing.events.on('ticket.status_changed', ({ ticket, from, to }) => {
    console.log(`${ticket.ticketNumber}: ${from} → ${to}`);
  });

  const ticket = await ticketing.tickets.create(staff, {
    subject: 'Cannot login to account',
    description: 'User is experiencing login issues after password reset',
    priority: 'high',
    category: 'technical',
    customerId: acme.id,
    tags: 'login, authentication',
  });
  await ticketing.comments.add(staff, ticket.id, { content: 'Reset the session cache', isInternal: false });
  await ticketing.tickets.changeStatus(staff, ticket.id, 'resolved');

  const detail = await ticketing.tickets.get(staff, ticket.id);
  return {
    ticketNumber: detail.ticketNumber,
    status: detail.status,
    responseTimeHours: detail.responseTimeHours,
    resolutionTimeHours: detail.resolutionTimeHours,
    history: detail.history.map((h) => `${h.action}${h.fieldName ? ` ${h.fieldName}: ${h.oldValue} → ${h.newValue}` : ''}`),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await runInMemoryExample());
}
