import { formatTicketNumber, type NewTicket } from '@tessera/core';

/** A valid new ticket for direct store tests; `sequence` decides its number. */
export function newTicket(sequence: number, overrides: Partial<NewTicket> = {}): NewTicket {
  const at = new Date('2024-03-01T10:00:00Z');
  return {
    sequence,
    ticketNumber: formatTicketNumber(sequence),
    subject: `Subject ${sequence}`,
    description: 'Description',
    status: 'new',
    priority: 'medium',
    category: 'general',
    customerId: 1,
    assignedToId: null,
    createdById: 10,
    createdAt: at,
    updatedAt: at,
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
