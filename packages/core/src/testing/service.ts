import { describe, expect, it } from 'vitest';
import { TICKET_STATUSES } from '../domain/enums.js';
import { readBytes, serviceWorld } from './service-setup.js';
import { storePerTest, type StoreConformanceOptions } from './harness.js';

/** The service on top of the store: the ticketing rules that only hold if store and service agree. */
export function serviceTests(options: StoreConformanceOptions): void {
  describe('service on this store', () => {
    const store = storePerTest(options);
    it('create → comment → resolve → metrics → statistics → history, end to end', async () => {
      const w = await serviceWorld(store());
      const { tickets, comments, history } = w.ticketing;
      const created = await tickets.create(w.staff, {
        subject: 'Cannot login',
        description: 'After password reset',
        priority: 'high',
        category: 'technical',
        customerId: w.acme,
        dueDate: '2024-05-03T09:00:00Z',
        estimatedHours: 2.5,
        tags: 'Login, auth, login',
      });
      expect(created).toMatchObject({
        ticketNumber: 'TKT-000001', status: 'new', priority: 'high', tags: ['login', 'auth'],
        estimatedHours: 2.5, firstResponseAt: null, responseTimeHours: null, resolutionTimeHours: null, version: 1,
      });
      w.clock.advanceHours(1);
      await comments.add(w.acmeUser, created.id, { content: 'Any news?' });
      w.clock.advanceHours(0.5);
      await comments.add(w.staff, created.id, { content: 'Looking at logs', isInternal: true });
      expect((await tickets.get(w.staff, created.id)).firstResponseAt).toBeNull();
      w.clock.advanceHours(1.5);
      await comments.add(w.staff, created.id, { content: 'Cache cleared, please retry' });
      const responded = await tickets.get(w.staff, created.id);
      expect(responded.firstResponseAt?.toISOString()).toBe('2024-05-01T12:00:00.000Z');
      expect(responded.responseTimeHours).toBe(3);
      w.clock.advanceHours(7);
      const resolved = await tickets.changeStatus(w.staff, created.id, 'resolved');
      expect(resolved.status).toBe('resolved');
      expect(resolved.resolvedAt?.toISOString()).toBe('2024-05-01T19:00:00.000Z');
      expect(resolved.resolutionTimeHours).toBe(10);

      const stats = await tickets.statistics(w.staff);
      expect(stats.totalTickets).toBe(1);
      expect(Object.keys(stats.byStatus).sort()).toEqual([...TICKET_STATUSES].sort());
      expect(stats.byStatus.resolved).toBe(1);
      expect(stats.byPriority.high).toBe(1);
      expect(stats.byCategory.technical).toBe(1);
      expect(stats.avgResolutionTimeHours).toBe(10);
      expect(stats.unassignedCount).toBe(1);

      const trail = await history.list(w.staff, { ticketId: created.id });
      expect(trail.results.map((h) => h.action)).toEqual([
        'created', 'comment_added', 'comment_added', 'comment_added', 'status_changed',
      ]);
      expect(trail.results[4]).toMatchObject({ fieldName: 'status', oldValue: 'new', newValue: 'resolved' });

      const staffView = await tickets.get(w.staff, created.id);
      expect(staffView.comments.map((c) => c.content)).toEqual(['Any news?', 'Looking at logs', 'Cache cleared, please retry']);
      expect(staffView.history).toHaveLength(5);
      const customerView = await tickets.get(w.acmeUser, created.id);
      expect(customerView.comments.map((c) => c.content)).toEqual(['Any news?', 'Cache cleared, please retry']);
      expect(customerView.history).toHaveLength(4);
      expect(customerView.history.every((h) => !h.isInternal)).toBe(true);
    });

    it('an update of three fields writes three history rows; a no-op and a rejected transition write none', async () => {
      const w = await serviceWorld(store());
      const { tickets, history } = w.ticketing;
      const t = await tickets.create(w.staff, { subject: 'S', description: 'D', customerId: w.acme });
      w.clock.advanceHours(1);
      const updated = await tickets.patch(w.staff, t.id, { subject: 'S2', priority: 'urgent', actualHours: 1.25 });
      expect(updated).toMatchObject({ subject: 'S2', priority: 'urgent', actualHours: 1.25, version: 2 });
      const rows = async () => (await history.list(w.staff, { ticketId: t.id })).results;
      expect((await rows()).map((h) => `${h.action}:${h.fieldName}`)).toEqual([
        'created:null', 'updated:subject', 'priority_changed:priority', 'updated:actual_hours',
      ]);
      await tickets.patch(w.staff, t.id, { subject: 'S2', priority: 'urgent' });
      expect(await rows()).toHaveLength(4);
      await expect(tickets.changeStatus(w.staff, t.id, 'reopened')).rejects.toMatchObject({ name: 'InvalidTransitionError' });
      expect(await rows()).toHaveLength(4);
      expect(await store().getTicket(t.id)).toMatchObject({ status: 'new', version: 2 });
    });

    it('200 concurrent creates get TKT-000001…TKT-000200, increasing with id', async () => {
      const w = await serviceWorld(store());
      const created = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          w.ticketing.tickets.create(w.staff, { subject: `Concurrent ${i}`, description: 'x', customerId: w.acme }),
        ),
      );
      const byId = [...created].sort((a, b) => a.id - b.id);
      const expected = Array.from({ length: 200 }, (_, i) => `TKT-${String(i + 1).padStart(6, '0')}`);
      expect(byId.map((t) => t.ticketNumber)).toEqual(expected);
      const listed = await w.ticketing.tickets.list(w.staff, { ordering: 'ticket_number', pageSize: 200 });
      expect(listed.count).toBe(200);
      expect(listed.results.map((t) => t.ticketNumber)).toEqual(expected);
    });

    it('customers see only their own customer\'s tickets in lists, details and statistics', async () => {
      const w = await serviceWorld(store());
      const { tickets } = w.ticketing;
      const mk = (customerId: number, subject: string) =>
        tickets.create(w.staff, { subject, description: 'd', customerId });
      const a1 = await mk(w.acme, 'acme one');
      const a2 = await tickets.create(w.acmeUser, { subject: 'acme two', description: 'filed by Ada' });
      const g1 = await mk(w.globex, 'globex one');
      await tickets.assign(w.staff, g1.id, w.staff2.id);
      expect(a2.customerId).toBe(w.acme);

      const acmeList = await tickets.list(w.acmeUser);
      expect(acmeList.count).toBe(2);
      expect(acmeList.results.map((t) => t.id).sort((x, y) => x - y)).toEqual([a1.id, a2.id]);
      expect((await tickets.list(w.acmeUser, { customerId: w.globex })).count).toBe(0);
      expect((await tickets.list(w.acmeUser, { search: 'globex' })).count).toBe(0);
      expect((await tickets.list(w.staff)).count).toBe(3);
      expect((await tickets.list(w.acmeUser, { myTickets: true })).results.map((t) => t.id)).toEqual([a2.id]);
      expect((await tickets.list(w.staff2, { myTickets: true })).results.map((t) => t.id)).toEqual([g1.id]);
      await expect(tickets.get(w.acmeUser, g1.id)).rejects.toMatchObject({ name: 'NotFoundError' });

      const acmeStats = await tickets.statistics(w.acmeUser);
      expect(acmeStats.totalTickets).toBe(2);
      expect(acmeStats.myTicketsCount).toBe(1);
      expect(acmeStats.unassignedCount).toBe(2);
      const staffStats = await tickets.statistics(w.staff2);
      expect(staffStats.totalTickets).toBe(3);
      expect(staffStats.myTicketsCount).toBe(1);
      expect((await tickets.statistics(w.staff, { customerId: w.globex })).totalTickets).toBe(1);
      expect((await tickets.statistics(w.globexUser, { search: 'acme' })).totalTickets).toBe(0);
    });

    it('customers see only their own public comments, attachments and history rows', async () => {
      const w = await serviceWorld(store());
      const { tickets, comments, attachments, history } = w.ticketing;
      const a = await tickets.create(w.staff, { subject: 'acme', description: 'd', customerId: w.acme });
      const g = await tickets.create(w.staff, { subject: 'globex', description: 'd', customerId: w.globex });
      await comments.add(w.staff, a.id, { content: 'public to acme' });
      await comments.add(w.staff, a.id, { content: 'internal note', isInternal: true });
      await comments.add(w.staff, g.id, { content: 'public to globex' });
      await attachments.add(w.staff, a.id, { filename: 'a.txt', body: new Uint8Array([1]) });
      await attachments.add(w.staff, g.id, { filename: 'g.txt', body: new Uint8Array([2]) });

      expect((await comments.list(w.acmeUser)).results.map((c) => c.content)).toEqual(['public to acme']);
      expect((await comments.list(w.acmeUser, { isInternal: true })).count).toBe(0);
      expect((await comments.list(w.staff, { isInternal: true })).results.map((c) => c.content)).toEqual(['internal note']);
      expect((await comments.list(w.staff)).count).toBe(3);
      expect((await attachments.list(w.acmeUser)).results.map((x) => x.filename)).toEqual(['a.txt']);
      expect((await attachments.list(w.globexUser)).results.map((x) => x.filename)).toEqual(['g.txt']);
      const acmeTrail = await history.list(w.acmeUser);
      expect(acmeTrail.results.every((h) => h.ticketId === a.id && !h.isInternal)).toBe(true);
      expect(acmeTrail.results.map((h) => h.action)).toEqual(['created', 'comment_added', 'attachment_added']);
      expect((await history.list(w.staff, { ticketId: a.id })).count).toBe(4);
      expect((await history.list(w.staff, { action: 'comment_added' })).count).toBe(3);
    });

    it('attachments: bytes round-trip; deleting the ticket removes rows, history and bytes', async () => {
      const w = await serviceWorld(store());
      const { tickets, attachments, comments, history } = w.ticketing;
      const t = await tickets.create(w.staff, { subject: 'With file', description: 'd', customerId: w.acme });
      const other = await tickets.create(w.staff, { subject: 'Keep', description: 'd', customerId: w.acme });
      const bytes = new TextEncoder().encode('hello, attachment ✓');
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(bytes.slice(0, 5));
          c.enqueue(bytes.slice(5));
          c.close();
        },
      });
      const att = await attachments.add(w.acmeUser, t.id, { filename: '../../etc/notes.txt', contentType: 'text/plain', body: stream });
      expect(att).toMatchObject({ filename: 'notes.txt', fileSize: bytes.byteLength, ticketId: t.id });
      const read = await attachments.read(w.staff, att.id);
      expect(await readBytes(read.body)).toEqual(bytes);
      await comments.add(w.staff, t.id, { content: 'got it' });
      await attachments.add(w.staff, other.id, { filename: 'keep.bin', body: new Uint8Array([1, 2, 3]) });

      await tickets.delete(w.staff, t.id);
      expect(await store().getTicket(t.id)).toBeNull();
      expect(await store().getAttachment(att.id)).toBeNull();
      expect(await w.blobs.get(att.blobKey)).toBeNull();
      expect((await store().listComments({ ticketId: t.id })).count).toBe(0);
      expect((await history.list(w.staff, { ticketId: t.id })).count).toBe(0);
      expect((await attachments.list(w.staff)).count).toBe(1);
      expect((await history.list(w.staff, { ticketId: other.id })).results.map((h) => h.action)).toEqual([
        'created', 'attachment_added',
      ]);
    });

    it('removing an attachment deletes its bytes and writes attachment_removed', async () => {
      const w = await serviceWorld(store());
      const t = await w.ticketing.tickets.create(w.staff, { subject: 'S', description: 'D', customerId: w.acme });
      const att = await w.ticketing.attachments.add(w.staff, t.id, { filename: 'a.txt', body: new Uint8Array([9]) });
      await w.ticketing.attachments.remove(w.staff, att.id);
      expect(await w.blobs.get(att.blobKey)).toBeNull();
      expect(await store().getAttachment(att.id)).toBeNull();
      const trail = await w.ticketing.history.list(w.staff, { ticketId: t.id });
      expect(trail.results.map((h) => h.action)).toEqual(['created', 'attachment_added', 'attachment_removed']);
    });
  });
}
