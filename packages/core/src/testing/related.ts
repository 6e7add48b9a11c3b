import { describe, expect, it } from 'vitest';
import type { Ticket } from '../domain/model.js';
import type { NewAttachment, NewComment, TicketStore } from '../ports/ticket-store.js';
import { at, insertTickets, newHistory } from './fixtures.js';
import { storePerTest, type StoreConformanceOptions } from './harness.js';

function comment(ticketId: number, n: number, isInternal = false): NewComment {
  const when = at(`2024-02-0${1 + (n % 9)}T10:00:00.${String(n).padStart(3, '0')}Z`);
  return { ticketId, authorId: 100 + n, content: `comment ${n} ✓`, isInternal, createdAt: when, updatedAt: when };
}

function attachment(ticketId: number, n: number): NewAttachment {
  return {
    ticketId,
    filename: `file-${n}.pdf`,
    fileSize: 1024 * n,
    contentType: 'application/pdf',
    description: `attachment ${n}`,
    uploadedById: 100 + n,
    uploadedAt: at(`2024-03-0${1 + (n % 9)}T08:00:00.123Z`),
    blobKey: `blob/${ticketId}/${n}`,
  };
}

/** Two customers' tickets with comments, attachments and history rows (some internal). */
export async function seedRelated(store: TicketStore) {
  const [t1, t2, t3] = (await insertTickets(store, [{ customerId: 1 }, { customerId: 1 }, { customerId: 2 }])) as [
    Ticket,
    Ticket,
    Ticket,
  ];
  return store.transaction(async (tx) => {
    const comments = [
      await tx.insertComment(comment(t1.id, 1)),
      await tx.insertComment(comment(t1.id, 2, true)),
      await tx.insertComment(comment(t2.id, 3)),
      await tx.insertComment(comment(t3.id, 4, true)),
      await tx.insertComment(comment(t1.id, 5)),
    ];
    const attachments = [
      await tx.insertAttachment(attachment(t1.id, 1)),
      await tx.insertAttachment(attachment(t3.id, 2)),
      await tx.insertAttachment(attachment(t1.id, 3)),
    ];
    await tx.insertHistory([
      newHistory(t1.id, { action: 'created', fieldName: null, oldValue: null, newValue: null }),
      newHistory(t1.id, { action: 'comment_added', isInternal: true, fieldName: null, oldValue: null, newValue: null }),
      newHistory(t1.id, { action: 'status_changed', fieldName: 'status', oldValue: 'new', newValue: 'open' }),
      newHistory(t2.id, { action: 'created', fieldName: null, oldValue: null, newValue: null }),
      newHistory(t3.id, { action: 'status_changed', fieldName: 'status', oldValue: 'new', newValue: 'closed' }),
    ]);
    return { t1, t2, t3, comments, attachments };
  });
}

/** Comments, attachments and history: round-trips, filters, windows, order and cascades. */
export function relatedTests(options: StoreConformanceOptions): void {
  describe('comments, attachments and history', () => {
    const store = storePerTest(options);
    describe('comments', () => {
      it('round-trips a comment', async () => {
        const { comments } = await seedRelated(store());
        const c = comments[1]!;
        expect(c).toEqual({ ...comment(c.ticketId, 2, true), id: c.id });
        expect(await store().getComment(c.id)).toEqual(c);
        expect(await store().getComment(987654)).toBeNull();
      });

      it('lists oldest first, filtered by ticket, internal flag and customer', async () => {
        const { t1, t3, comments } = await seedRelated(store());
        const ids = (rows: { id: number }[]) => rows.map((r) => r.id);
        const c = comments.map((x) => x.id);
        expect(ids((await store().listComments({})).rows)).toEqual(c);
        expect(ids((await store().listComments({ ticketId: t1.id })).rows)).toEqual([c[0], c[1], c[4]]);
        expect(ids((await store().listComments({ isInternal: true })).rows)).toEqual([c[1], c[3]]);
        expect(ids((await store().listComments({ isInternal: false })).rows)).toEqual([c[0], c[2], c[4]]);
        expect(ids((await store().listComments({ customerId: 1 })).rows)).toEqual([c[0], c[1], c[2], c[4]]);
        expect(ids((await store().listComments({ customerId: 2 })).rows)).toEqual([c[3]]);
        expect(ids((await store().listComments({ ticketId: t1.id, isInternal: false })).rows)).toEqual([c[0], c[4]]);
        expect((await store().listComments({ ticketId: t3.id, customerId: 1 })).count).toBe(0);
      });

      it('pages comments with a count independent of the window', async () => {
        const { comments } = await seedRelated(store());
        const page = await store().listComments({}, { offset: 1, limit: 2 });
        expect(page.count).toBe(5);
        expect(page.rows.map((r) => r.id)).toEqual([comments[1]!.id, comments[2]!.id]);
        expect(await store().listComments({}, { offset: 5, limit: 2 })).toEqual({ count: 5, rows: [] });
      });
    });

    describe('attachments', () => {
      it('round-trips, lists, filters and deletes attachment rows', async () => {
        const { t1, attachments } = await seedRelated(store());
        const [a1, a2, a3] = attachments as [(typeof attachments)[number], (typeof attachments)[number], (typeof attachments)[number]];
        expect(a1).toEqual({ ...attachment(t1.id, 1), id: a1.id });
        expect(await store().getAttachment(a1.id)).toEqual(a1);
        expect(await store().getAttachment(987654)).toBeNull();
        expect((await store().listAttachments({})).rows.map((a) => a.id)).toEqual([a1.id, a2.id, a3.id]);
        expect((await store().listAttachments({ ticketId: t1.id })).rows.map((a) => a.id)).toEqual([a1.id, a3.id]);
        expect((await store().listAttachments({ customerId: 2 })).rows.map((a) => a.id)).toEqual([a2.id]);
        const window = await store().listAttachments({}, { offset: 2, limit: 5 });
        expect(window).toEqual({ count: 3, rows: [a3] });
        await store().transaction((tx) => tx.deleteAttachment(a1.id));
        expect(await store().getAttachment(a1.id)).toBeNull();
        expect((await store().listAttachments({})).rows.map((a) => a.id)).toEqual([a2.id, a3.id]);
      });
    });

    describe('history', () => {
      it('keeps entry order, values and flags', async () => {
        const { t1 } = await seedRelated(store());
        const { rows, count } = await store().listHistory({ ticketId: t1.id, includeInternal: true });
        expect(count).toBe(3);
        expect(rows.map((h) => h.action)).toEqual(['created', 'comment_added', 'status_changed']);
        expect(rows[2]).toEqual({
          ...newHistory(t1.id, { action: 'status_changed', fieldName: 'status', oldValue: 'new', newValue: 'open' }),
          id: rows[2]!.id,
        });
        expect(rows[0]!.fieldName).toBeNull();
        expect(rows[1]!.isInternal).toBe(true);
        expect(rows.map((h) => h.id)).toEqual([...rows.map((h) => h.id)].sort((a, b) => a - b));
      });

      it('reads one row by id, internal rows included', async () => {
        const { t1 } = await seedRelated(store());
        const { rows } = await store().listHistory({ ticketId: t1.id, includeInternal: true });
        for (const row of rows) expect(await store().getHistoryEntry(row.id)).toEqual(row);
        expect(await store().getHistoryEntry(987654)).toBeNull();
      });

      it('filters by ticket, action, customer and the internal flag', async () => {
        const { t1, t2, t3 } = await seedRelated(store());
        const list = async (filter: Parameters<TicketStore['listHistory']>[0]) =>
          (await store().listHistory(filter)).rows.map((h) => `${h.ticketId === t1.id ? 't1' : h.ticketId === t2.id ? 't2' : 't3'}:${h.action}`);
        expect(await list({ includeInternal: true })).toEqual([
          't1:created', 't1:comment_added', 't1:status_changed', 't2:created', 't3:status_changed',
        ]);
        expect(await list({ includeInternal: false })).toEqual([
          't1:created', 't1:status_changed', 't2:created', 't3:status_changed',
        ]);
        expect(await list({ action: 'status_changed', includeInternal: true })).toEqual([
          't1:status_changed', 't3:status_changed',
        ]);
        expect(await list({ customerId: 2, includeInternal: true })).toEqual(['t3:status_changed']);
        expect(await list({ customerId: 1, includeInternal: false, action: 'created' })).toEqual(['t1:created', 't2:created']);
        expect(await list({ ticketId: t3.id, customerId: 1, includeInternal: true })).toEqual([]);
      });

      it('pages history with a count independent of the window', async () => {
        await seedRelated(store());
        const page = await store().listHistory({ includeInternal: false }, { offset: 1, limit: 2 });
        expect(page.count).toBe(4);
        expect(page.rows.map((h) => h.action)).toEqual(['status_changed', 'created']);
      });
    });

    describe('deleting a ticket', () => {
      it('removes its comments, attachment rows and history, and nothing else', async () => {
        const { t1, t2, t3, comments, attachments } = await seedRelated(store());
        await store().transaction((tx) => tx.deleteTicket(t1.id));
        expect(await store().getTicket(t1.id)).toBeNull();
        expect(await store().getComment(comments[0]!.id)).toBeNull();
        expect(await store().getAttachment(attachments[0]!.id)).toBeNull();
        expect((await store().listComments({ ticketId: t1.id })).count).toBe(0);
        expect((await store().listAttachments({ ticketId: t1.id })).count).toBe(0);
        expect((await store().listHistory({ ticketId: t1.id, includeInternal: true })).count).toBe(0);
        expect((await store().listComments({})).rows.map((c) => c.ticketId)).toEqual([t2.id, t3.id]);
        expect((await store().listAttachments({})).rows.map((a) => a.ticketId)).toEqual([t3.id]);
        expect((await store().listHistory({ includeInternal: true })).count).toBe(2);
        expect(await store().getTicket(t2.id)).toEqual(t2);
      });
    });
  });
}
