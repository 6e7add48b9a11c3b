import { describe, expect, it } from 'vitest';
import { NO_SLA_TICKET_FIELDS, TICKET_FIELDS } from '@tessera/core';
import { newTicket } from '@tessera/core/testing';
import { createTicketRowCodec, EPOCH_MS_CODEC, INTEGER_BOOLEAN_CODEC, NATIVE_CODEC, openStatusSql, priorityRankSql, totalsAnswer } from '@tessera/store-kysely';

describe('ticket row codec (from TICKET_FIELDS)', () => {
  const sqlite = createTicketRowCodec({ timestamp: EPOCH_MS_CODEC, boolean: INTEGER_BOOLEAN_CODEC });
  const native = createTicketRowCodec({ timestamp: NATIVE_CODEC });

  it('has a column for every catalogue field, plus the priority rank', () => {
    const columns = Object.values(TICKET_FIELDS).map((f) => f.column);
    expect(sqlite.selectColumns).toEqual(columns);
    expect(sqlite.insertColumns).toEqual([...columns.filter((c) => c !== 'id'), 'priority_rank']);
  });

  it('a ticket survives insert values → row → ticket under each dialect’s codecs', () => {
    const ticket = newTicket(7, { dueDate: new Date('0001-01-01T00:00:00.000Z'), tags: ['a', 'b'], priority: 'urgent', estimatedHours: 1.5 });
    for (const codec of [sqlite, native]) {
      const values = codec.insertValues(ticket);
      const row = Object.fromEntries(codec.insertColumns.map((c, i) => [c, values[i]]));
      expect(row.priority_rank).toBe(4);
      // SLA fields the new ticket leaves out are stored as "no SLA".
      expect(codec.toTicket({ ...row, id: 3 })).toEqual({ ...NO_SLA_TICKET_FIELDS, ...ticket, id: 3 });
    }
    expect(sqlite.insertRecord(ticket).due_date).toBe(ticket.dueDate!.getTime());
    expect(sqlite.insertRecord(ticket).tags).toBe('a, b');
  });

  it('a patch writes only the fields present, never immutable ones, and keeps the rank in step', () => {
    const smuggled = { subject: 'x', priority: 'low', dueDate: null, sequence: 9, createdAt: new Date(0) } as never;
    expect(sqlite.patchColumns(smuggled)).toEqual({ subject: 'x', priority: 'low', priority_rank: 1, due_date: null });
  });
});

describe('SQL predicates from core constants', () => {
  it('spells the open-status predicate and the priority rank from TERMINAL_STATUSES and PRIORITY_RANKS', () => {
    expect(openStatusSql('t.status')).toBe("t.status NOT IN ('resolved', 'closed')");
    expect(priorityRankSql()).toBe("CASE priority WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 WHEN 'urgent' THEN 4 WHEN 'critical' THEN 5 END");
  });

  it('the running totals answer only filters on their dimensions', () => {
    expect(totalsAnswer({})).toBe(true);
    expect(totalsAnswer({ status: 'open', priority: 'high', unassigned: true, overdue: false, searchTerms: [] })).toBe(true);
    expect(totalsAnswer({ status: 'open', customerId: 1 })).toBe(false);
    expect(totalsAnswer({ overdue: true })).toBe(false);
    expect(totalsAnswer({ searchTerms: ['abc'] })).toBe(false);
  });
});
