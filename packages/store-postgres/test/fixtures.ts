import type { NewTicket } from '@tessera/core';
import { newTicket as conformanceTicket } from '@tessera/core/testing';

/** A valid new ticket for direct store tests (core's fixture, dated March 2024, created by user 10). */
export function newTicket(sequence: number, overrides: Partial<NewTicket> = {}): NewTicket {
  const at = new Date('2024-03-01T10:00:00Z');
  return conformanceTicket(sequence, { description: 'Description', createdById: 10, createdAt: at, updatedAt: at, ...overrides });
}
