import type { TicketPriority, TicketStatus } from '../domain/enums.js';
import { at, type TicketSpec } from './fixtures.js';

/**
 * Eight tickets covering every status and priority, three customers, assignees 20/21,
 * creators 10/11/12. At {@link FILTER_NOW}: `b` and `f` are overdue; `g` is due exactly now
 * (not overdue); `d` and `e` are past due but resolved/closed (not overdue).
 */
export const FILTER_SET = {
  a: {
    status: 'new', priority: 'low', category: 'technical', customerId: 1, assignedToId: null, createdById: 10,
    createdAt: at('2024-01-10T00:00:00.000Z'), dueDate: null, tags: ['login', 'auth'],
  },
  b: {
    status: 'open', priority: 'high', category: 'billing', customerId: 1, assignedToId: 20, createdById: 10,
    createdAt: at('2024-02-01T00:00:00.000Z'), dueDate: at('2024-06-01T00:00:00.000Z'), tags: ['invoice'],
  },
  c: {
    status: 'in_progress', priority: 'urgent', category: 'technical', customerId: 2, assignedToId: 21, createdById: 11,
    createdAt: at('2024-03-01T12:00:00.500Z'), dueDate: at('2024-07-01T00:00:00.000Z'), tags: ['login'],
  },
  d: {
    status: 'resolved', priority: 'high', category: 'bug', customerId: 2, assignedToId: 20, createdById: 11,
    createdAt: at('2024-03-15T00:00:00.000Z'), dueDate: at('2024-05-01T00:00:00.000Z'),
    resolvedAt: at('2024-03-16T12:00:00.000Z'), tags: [],
  },
  e: {
    status: 'closed', priority: 'critical', category: 'billing', customerId: 3, assignedToId: null, createdById: 12,
    createdAt: at('2024-04-01T00:00:00.000Z'), dueDate: at('2024-04-02T00:00:00.000Z'),
    resolvedAt: at('2024-04-03T00:00:00.000Z'), closedAt: at('2024-04-04T00:00:00.000Z'), tags: ['invoice', 'refund'],
  },
  f: {
    status: 'pending', priority: 'medium', category: 'technical', customerId: 1, assignedToId: null, createdById: 12,
    createdAt: at('2024-05-01T00:00:00.000Z'), dueDate: at('2024-06-15T11:59:59.999Z'), tags: ['login', 'mobile'],
  },
  g: {
    status: 'reopened', priority: 'medium', category: 'account', customerId: 3, assignedToId: 21, createdById: 10,
    createdAt: at('2024-06-01T00:00:00.000Z'), dueDate: at('2024-06-15T12:00:00.000Z'), tags: [],
  },
  h: {
    status: 'new', priority: 'critical', category: 'technical', customerId: 2, assignedToId: null, createdById: 10,
    createdAt: at('2024-06-10T00:00:00.000Z'), dueDate: null, tags: ['auth'],
  },
} satisfies Record<string, TicketSpec>;

/** The instant {@link FILTER_SET}'s overdue states are defined against. */
export const FILTER_NOW = at('2024-06-15T12:00:00.000Z');

/**
 * Tickets whose text exercises search: wildcards and quotes that must match literally,
 * mixed case, non-ASCII text, and words spread over different fields. Sequences 1…10
 * (`TKT-000001`…). Every ticket has status `new` and category `general`, which are not searched.
 */
export const SEARCH_SET = {
  s1: { sequence: 1, subject: '100% done', description: 'plain text', tags: [] },
  s2: { sequence: 2, subject: '100 percent done', description: 'nothing special', tags: [] },
  s3: { sequence: 3, subject: 'a_b config', description: 'underscore here', tags: [] },
  s4: { sequence: 4, subject: 'axb config', description: 'no underscore', tags: [] },
  s5: { sequence: 5, subject: "O'Brien called", description: 'He said "hello" twice', tags: [] },
  s6: { sequence: 6, subject: 'Login failure', description: 'Cannot sign in after reset', tags: ['auth', 'mobile'] },
  s7: { sequence: 7, subject: 'Printer jam', description: 'Paper stuck', tags: ['hardware'] },
  s8: { sequence: 8, subject: 'Mixed CASE Subject', description: 'UPPER lower', tags: [] },
  s9: { sequence: 9, subject: 'Path C:\\temp\\file', description: 'backslashes', tags: [] },
  s10: { sequence: 10, subject: 'Ölpumpe 日本語', description: 'émotion 🎫 inside', tags: ['ünïcode'] },
  // Words split by punctuation, and words containing other words (a word-level index must still match substrings).
  s11: { sequence: 11, subject: 'Loop after LOGOUT', description: 'see re:login-page', tags: ['sso'] },
} satisfies Record<string, TicketSpec>;

/**
 * Where a two-character term can sit in a word: alone, between letters beyond ASCII, before such
 * punctuation, inside, at either end of a word of ASCII letters and digits, after a control
 * character, and nowhere (its letters apart). Stores that index short terms by what surrounds
 * them must still find every one.
 */
export const PAIR_SET = {
  w1: { sequence: 1, subject: 'QA', description: 'the term is a whole word', tags: [] },
  w2: { sequence: 2, subject: 'ñqañ', description: 'between non-ASCII letters', tags: [] },
  w3: { sequence: 3, subject: 'faqa’s', description: 'before non-ASCII punctuation', tags: [] },
  w4: { sequence: 4, subject: 'aqab', description: 'inside a word', tags: [] },
  w5: { sequence: 5, subject: 'qaz', description: 'starting a word', tags: [] },
  w6: { sequence: 6, subject: 'zqa', description: 'ending a word', tags: [] },
  w7: { sequence: 7, subject: 'the QA-team', description: 'upper case, then punctuation', tags: [] },
  w8: { sequence: 8, subject: 'x\u0007qa', description: 'after a control character', tags: [] },
  w9: { sequence: 9, subject: 'q a', description: 'aq q-a', tags: ['q', 'a'] },
  w10: { sequence: 10, subject: 'nothing', description: 'in the tags only', tags: ['qa9'] },
} satisfies Record<string, TicketSpec>;

/** One {@link ORDER_SET} ticket; its instants are midnights (UTC) of the days given. */
function ordered(
  sequence: number,
  priority: TicketPriority,
  status: TicketStatus,
  created: string,
  updated: string,
  due: string | null,
): TicketSpec {
  const midnight = (day: string) => at(`${day}T00:00:00.000Z`);
  return { sequence, priority, status, createdAt: midnight(created), updatedAt: midnight(updated), dueDate: due === null ? null : midnight(due) };
}

/**
 * Seven tickets whose order differs for every ordering field. Inserted p1…p7, so ids grow in
 * that order; p1 and p6 tie on created_at, updated_at, due_date and priority (id breaks the tie).
 */
export const ORDER_SET = {
  // sequence, priority, status, then the days created, updated and due
  p1: ordered(999999,  'medium',   'new',         '2024-01-05', '2024-02-01', '2024-03-10'),
  p2: ordered(1000000, 'critical', 'open',        '2024-01-01', '2024-01-20', null),
  p3: ordered(5,       'low',      'resolved',    '2024-01-03', '2024-03-01', '2024-03-01'),
  p4: ordered(42,      'high',     'in_progress', '2024-01-02', '2024-01-10', null),
  p5: ordered(7,       'urgent',   'closed',      '2024-01-04', '2024-02-15', '2024-02-01'),
  p6: ordered(100,     'medium',   'pending',     '2024-01-05', '2024-02-01', '2024-03-10'),
  p7: ordered(8,       'high',     'reopened',    '2024-01-06', '2024-01-05', null),
} satisfies Record<string, TicketSpec>;

