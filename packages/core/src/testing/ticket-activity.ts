import { describe, expect, it } from 'vitest';
import type { TicketReader } from '../ports/ticket-store.js';
import { sampleInstants } from './dates.js';
import { lookUpPeople } from '../service/directory-memo.js';
import { addCustomerAndStaff, insertTickets, newHistory } from './fixtures.js';
import { storePerTest, type StoreConformanceOptions } from './harness.js';
import { seedRelated } from './related.js';

/** What `getTicketWithActivity` must equal: the ticket and its lists read one by one. */
async function readSeparately(reader: TicketReader, id: number, includeInternal: boolean) {
  const ticket = await reader.getTicket(id);
  if (!ticket) return null;
  const [comments, attachments, history] = await Promise.all([
    reader.listComments(includeInternal ? { ticketId: id } : { ticketId: id, isInternal: false }),
    reader.listAttachments({ ticketId: id }),
    reader.listHistory({ ticketId: id, includeInternal }),
  ]);
  return { ticket, comments: comments.rows, attachments: attachments.rows, history: history.rows };
}

/** Text that a JSON round trip gets wrong when anything is escaped or embedded carelessly. */
const AWKWARD = [
  'He said "no" \\ twice',
  'line one\nline two\r\n\ttabbed',
  'control \u0001\u001f characters',
  '{"looks": ["like", "json"]}',
  '[1, 2, 3]',
  '</script><b>not html</b> & ampersand',
  'emoji 😀, accents éàü, CJK 漢字, RTL עברית',
  '',
];

/** `getTicketWithActivity`: one read equal to the separate reads, exact text and instants. */
export function ticketActivityTests(options: StoreConformanceOptions): void {
  describe('ticket with activity', () => {
    const store = storePerTest(options);

    it('equals the ticket and its comments, attachments and history read one by one, internal rows only when asked', async () => {
      const { t1, t2, t3 } = await seedRelated(store());
      for (const ticket of [t1, t2, t3]) {
        for (const includeInternal of [true, false]) {
          const expected = await readSeparately(store(), ticket.id, includeInternal);
          expect(await store().getTicketWithActivity(ticket.id, { includeInternal })).toEqual(expected);
        }
      }
      const staff = await store().getTicketWithActivity(t1.id, { includeInternal: true });
      expect([staff?.comments.length, staff?.attachments.length, staff?.history.length]).toEqual([3, 2, 3]);
      const customer = await store().getTicketWithActivity(t1.id, { includeInternal: false });
      expect(customer?.comments.some((c) => c.isInternal)).toBe(false);
      expect(customer?.history.map((h) => h.action)).toEqual(['created', 'status_changed']);
    });

    it('with `people: true`, a store holding the directory adds the people the ticket refers to, as its directory reads them', async () => {
      const s = store();
      const directory = s.directory;
      if (!directory) return; // no directory, no people to read with the ticket
      const { customer, staff } = await addCustomerAndStaff(directory);
      const agent = await directory.addUser({ name: 'Ann "the fixer" Ågren', email: 'ann@x.test', role: 'staff' });
      await directory.addUser({ name: 'Not on the ticket', email: 'other@x.test', role: 'staff' });
      const [assigned, unassigned] = await insertTickets(s, [
        { customerId: customer.id, createdById: staff.id, assignedToId: agent.id },
        { customerId: customer.id, createdById: staff.id, assignedToId: null },
      ]);
      for (const [ticket, userIds] of [[assigned!, [staff.id, agent.id]], [unassigned!, [staff.id]]] as const) {
        for (const includeInternal of [true, false]) {
          const plain = await s.getTicketWithActivity(ticket.id, { includeInternal });
          expect(plain!.people).toBeUndefined();
          const { people, ...rest } = (await s.getTicketWithActivity(ticket.id, { includeInternal, people: true }))!;
          expect(rest).toEqual(plain);
          // A store without the directory's tables in its statement (the memory store) reads no people.
          if (people === undefined) continue;
          const expected = await lookUpPeople(directory, { users: [...userIds], customers: [customer.id] });
          const byId = <R extends { id: number }>(rows: readonly R[]) => [...rows].sort((a, b) => a.id - b.id);
          expect({ users: byId(people.users), customers: byId(people.customers) }).toEqual({
            users: byId(expected.users),
            customers: byId(expected.customers),
          });
        }
      }
    });

    it('is null for a missing ticket; a ticket without activity has empty lists', async () => {
      const [quiet] = await insertTickets(store(), [{}]);
      expect(await store().getTicketWithActivity(987654, { includeInternal: true })).toBeNull();
      expect(await store().getTicketWithActivity(quiet!.id, { includeInternal: false })).toEqual({
        ticket: quiet,
        comments: [],
        attachments: [],
        history: [],
      });
    });

    it('keeps awkward text and every instant of years 0001–9999 exact', async () => {
      const instants = sampleInstants(20);
      const [ticket] = await insertTickets(store(), [{ subject: AWKWARD[0], description: AWKWARD[1] }]);
      const id = ticket!.id;
      await store().transaction(async (tx) => {
        for (const [i, when] of instants.entries()) {
          const text = AWKWARD[i % AWKWARD.length]!;
          await tx.insertComment({ ticketId: id, authorId: 7, content: text, isInternal: i % 3 === 0, createdAt: when, updatedAt: instants[instants.length - 1 - i]! });
          await tx.insertAttachment({
            ticketId: id, filename: `${text}.txt`, fileSize: i * 1000 + 1, contentType: 'text/plain; charset="utf-8"',
            description: text, uploadedById: 7, uploadedAt: when, blobKey: `k/${i}`,
          });
        }
        await tx.insertHistory(
          instants.map((when, i) =>
            newHistory(id, { timestamp: when, userId: i % 2 ? null : 7, fieldName: i % 4 ? 'subject' : null, oldValue: AWKWARD[i % AWKWARD.length]!, newValue: i % 5 ? null : '"x"', isInternal: i % 3 === 1 }),
          ),
        );
      });
      for (const includeInternal of [true, false]) {
        const read = await store().getTicketWithActivity(id, { includeInternal });
        expect(read).toEqual(await readSeparately(store(), id, includeInternal));
      }
      const all = (await store().getTicketWithActivity(id, { includeInternal: true }))!;
      expect(all.ticket.subject).toBe(AWKWARD[0]);
      expect(all.comments.map((c) => c.createdAt.toISOString())).toEqual(instants.map((d) => d.toISOString()));
      expect(all.comments.map((c) => c.content)).toEqual(instants.map((_, i) => AWKWARD[i % AWKWARD.length]));
      expect(all.attachments.map((a) => a.uploadedAt.toISOString())).toEqual(instants.map((d) => d.toISOString()));
      expect(all.history.map((h) => h.timestamp.toISOString())).toEqual(instants.map((d) => d.toISOString()));
    });

    it('inside a transaction, reads what the transaction wrote', async () => {
      const [ticket] = await insertTickets(store(), [{}]);
      const seen = await store().transaction(async (tx) => {
        await tx.insertComment({ ticketId: ticket!.id, authorId: 3, content: 'in flight', isInternal: false, createdAt: new Date(0), updatedAt: new Date(0) });
        return tx.getTicketWithActivity(ticket!.id, { includeInternal: false });
      });
      expect(seen?.comments.map((c) => c.content)).toEqual(['in flight']);
      expect(await store().getTicketWithActivity(ticket!.id, { includeInternal: false })).toEqual(seen);
    });
  });
}
