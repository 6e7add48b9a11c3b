import { describe, expect, it } from 'vitest';
import type { TicketStore } from '../ports/ticket-store.js';
import { at, createInTx, insertTickets, listAll, newHistory } from './fixtures.js';
import { storePerTest, type StoreConformanceOptions } from './harness.js';

const historyOf = (store: TicketStore, ticketId?: number) =>
  store.listHistory(ticketId === undefined ? { includeInternal: true } : { ticketId, includeInternal: true });

/** Commit, rollback (sequence included), read-your-writes and serialization of transactions. */
export function transactionTests(options: StoreConformanceOptions): void {
  describe('transactions', () => {
    const store = storePerTest(options);
    it('commits and returns what fn returns', async () => {
      const result = await store().transaction(async (tx) => {
        const t = await createInTx(tx, { subject: 'committed' });
        await tx.insertHistory([newHistory(t.id, { action: 'created', fieldName: null, oldValue: null, newValue: null })]);
        return { id: t.id, answer: 42 };
      });
      expect(result.answer).toBe(42);
      expect((await store().getTicket(result.id))?.subject).toBe('committed');
      expect((await historyOf(store(), result.id)).count).toBe(1);
    });

    it('reads its own writes inside the transaction', async () => {
      await store().transaction(async (tx) => {
        const t = await createInTx(tx, { subject: 'visible' });
        expect((await tx.getTicket(t.id))?.subject).toBe('visible');
        expect((await tx.lockTicket(t.id))?.subject).toBe('visible');
        await tx.updateTicket(t.id, { subject: 'changed' });
        expect((await tx.getTicket(t.id))?.subject).toBe('changed');
        const list = await tx.listTickets({
          filter: { searchTerms: ['changed'] },
          ordering: { field: 'created_at', direction: 'asc' },
          page: { offset: 0, limit: 10 },
          now: new Date(),
        });
        expect(list.count).toBe(1);
        await tx.insertHistory([newHistory(t.id)]);
        expect((await tx.listHistory({ ticketId: t.id, includeInternal: true })).count).toBe(1);
        expect((await tx.statistics({}, { now: new Date(), mine: { assignedToId: 1 } })).total).toBe(1);
      });
    });

    it('a throwing create rolls back the ticket, its history and its sequence value', async () => {
      const first = await store().transaction((tx) => createInTx(tx));
      expect(first.sequence).toBe(1);
      const boom = new Error('boom');
      let ticketId = 0;
      await expect(
        store().transaction(async (tx) => {
          const t = await createInTx(tx, { subject: 'doomed' });
          ticketId = t.id;
          expect(t.sequence).toBe(2);
          await tx.insertHistory([newHistory(t.id, { action: 'created' })]);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await store().getTicket(ticketId)).toBeNull();
      expect((await listAll(store(), {}, new Date())).count).toBe(1);
      expect((await historyOf(store())).count).toBe(0);
      const next = await store().transaction((tx) => createInTx(tx));
      expect(next.sequence).toBe(2);
      expect(next.ticketNumber).toBe('TKT-000002');
    });

    it('a rolled-back allocation alone burns nothing', async () => {
      await expect(
        store().transaction(async (tx) => {
          await tx.allocateTicketSequence();
          await tx.allocateTicketSequence();
          throw new Error('nope');
        }),
      ).rejects.toThrow('nope');
      expect(await store().transaction((tx) => tx.allocateTicketSequence())).toBe(1);
    });

    it('an update that throws midway leaves the row and history unchanged', async () => {
      const [t] = await insertTickets(store(), [{ subject: 'original', tags: ['x'], actualHours: 1.5 }]);
      await store().transaction((tx) => tx.insertHistory([newHistory(t!.id, { action: 'created' })]));
      const historyBefore = await historyOf(store(), t!.id);
      await expect(
        store().transaction(async (tx) => {
          const locked = await tx.lockTicket(t!.id);
          await tx.updateTicket(t!.id, { subject: 'changed', tags: ['y'], actualHours: 9, version: locked!.version + 1 });
          await tx.insertHistory([newHistory(t!.id, { oldValue: 'original', newValue: 'changed' })]);
          throw new Error('midway');
        }),
      ).rejects.toThrow('midway');
      expect(await store().getTicket(t!.id)).toEqual(t);
      expect(await historyOf(store(), t!.id)).toEqual(historyBefore);
    });

    it('a throwing delete leaves the ticket and its comments, attachments and history', async () => {
      const [t] = await insertTickets(store(), [{}]);
      await store().transaction(async (tx) => {
        await tx.insertComment({
          ticketId: t!.id, authorId: 1, content: 'c', isInternal: false,
          createdAt: at('2024-01-02T00:00:00.000Z'), updatedAt: at('2024-01-02T00:00:00.000Z'),
        });
        await tx.insertAttachment({
          ticketId: t!.id, filename: 'a.txt', fileSize: 1, contentType: 'text/plain', description: '',
          uploadedById: 1, uploadedAt: at('2024-01-02T00:00:00.000Z'), blobKey: 'k1',
        });
        await tx.insertHistory([newHistory(t!.id)]);
      });
      await expect(
        store().transaction(async (tx) => {
          await tx.deleteTicket(t!.id);
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(await store().getTicket(t!.id)).toEqual(t);
      expect((await store().listComments({ ticketId: t!.id })).count).toBe(1);
      expect((await store().listAttachments({ ticketId: t!.id })).count).toBe(1);
      expect((await historyOf(store(), t!.id)).count).toBe(1);
    });

    it('a failed transaction does not block the next one', async () => {
      await expect(store().transaction(async () => Promise.reject(new Error('first')))).rejects.toThrow('first');
      const t = await store().transaction((tx) => createInTx(tx));
      expect(t.sequence).toBe(1);
    });

    // A create passes `createsTicket`, which lets a store run creates of one process in one
    // database transaction: each must still stand alone.
    for (const [label, options] of [['', undefined], [' (creates grouped)', { createsTicket: true }]] as const) {
      it(`concurrent transactions stand alone: the failing ones leave nothing, the others commit gapless${label}`, async () => {
        // Started together, so a store that commits queued transactions together (SQLite) runs
        // them in one batch: the first fails as a whole, two more fail after writing.
        const failing = new Set([0, 3, 7]);
        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) =>
            store().transaction(async (tx) => {
              const t = await createInTx(tx, { subject: `concurrent ${i}` });
              await tx.insertHistory([newHistory(t.id, { action: 'created' })]);
              if (failing.has(i)) throw new Error(`fail ${i}`);
              return t;
            }, options),
          ),
        );
        const committed = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
        expect(outcomes.map((o) => o.status === 'rejected')).toEqual(Array.from({ length: 10 }, (_, i) => failing.has(i)));
        expect(committed.map((t) => t.sequence).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
        const all = await listAll(store(), {}, new Date());
        expect(all.rows.map((t) => t.subject).sort()).toEqual(committed.map((t) => t.subject).sort());
        expect((await historyOf(store())).count).toBe(7);
        expect((await store().transaction((tx) => createInTx(tx))).sequence).toBe(8);
      });

      it(`a transaction resolves only once its writes are committed${label}`, async () => {
        const created = await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            store()
              .transaction((tx) => createInTx(tx, { subject: `visible ${i}` }), options)
              // Read outside any transaction the moment the caller hears "done".
              .then(async (t) => ({ t, read: await store().getTicket(t.id) })),
          ),
        );
        for (const { t, read } of created) expect(read?.subject).toBe(t.subject);
      });
    }

    it('serializes read-check-write on a locked ticket across concurrent transactions', async () => {
      const [t] = await insertTickets(store(), [{ version: 1 }]);
      const n = 12;
      await Promise.all(
        Array.from({ length: n }, () =>
          store().transaction(async (tx) => {
            const locked = await tx.lockTicket(t!.id);
            // Another round trip between read and write gives a racing writer its chance.
            await tx.listComments({ ticketId: t!.id });
            await tx.updateTicket(t!.id, { version: locked!.version + 1 });
          }),
        ),
      );
      expect((await store().getTicket(t!.id))?.version).toBe(1 + n);
    });
  });
}
