import { describe, expect, it } from 'vitest';
import { newTicket } from '@tessera/core/testing';
import { formatTimestamptz, parseTimestamptz } from '../src/type-parsers.js';
import { pgAvailable, useTestSchema } from './pg-test-schema.js';

describe('timestamptz codec', () => {
  it('reads years below 100 as written (Date.UTC would make 0001 into 1901)', () => {
    expect(parseTimestamptz('0001-01-01 00:00:00+00').toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(parseTimestamptz('0099-12-31 23:59:59.999+00').toISOString()).toBe('0099-12-31T23:59:59.999Z');
    expect(parseTimestamptz('0001-01-01 00:00:00+14').toISOString()).toBe('0000-12-31T10:00:00.000Z');
  });

  it('reads BC years instead of failing (1 BC is astronomical year 0)', () => {
    expect(parseTimestamptz('0001-12-31 23:00:00+00 BC').getTime()).toBe(new Date('0000-12-31T23:00:00Z').getTime());
    expect(formatTimestamptz(new Date('0000-12-31T23:00:00Z'))).toBe('0001-12-31T23:00:00.000Z BC');
  });

  it('writes UTC ISO literals for years 0001–9999', () => {
    expect(formatTimestamptz(new Date('0001-01-01T00:00:00Z'))).toBe('0001-01-01T00:00:00.000Z');
    expect(formatTimestamptz(new Date('9999-12-31T23:59:59.999Z'))).toBe('9999-12-31T23:59:59.999Z');
  });
});

describe.skipIf(!pgAvailable)('timestamptz codec against the server', () => {
  const db = useTestSchema('type_parsers');
  it('instants around year 0 survive a round trip through the server', async () => {
    const store = await db.fresh();
    for (const iso of ['0000-12-31T23:00:00.000Z', '0001-01-01T00:00:00.000Z', '-000100-06-01T12:00:00.500Z']) {
      const ticket = await store.transaction(async (tx) => {
        const sequence = await tx.allocateTicketSequence();
        return tx.insertTicket(newTicket(sequence, { dueDate: new Date(iso) }));
      });
      expect((await store.getTicket(ticket.id))?.dueDate?.toISOString()).toBe(new Date(iso).toISOString());
    }
  });
});
