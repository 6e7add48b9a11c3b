import { describe, expect, it } from 'vitest';
import { StoreError } from '../errors.js';
import type { TicketFilter, TicketStore, TicketStoreTx } from '../ports/ticket-store.js';
import { at, createInTx, insertTickets, newTicket } from './fixtures.js';
import { storePerTest, type StoreConformanceOptions } from './harness.js';

const BATCH = 3;

/** Commits `rounds` transactions of {@link BATCH} tickets (one comment each), one after another. */
async function writeBatches(store: TicketStore, rounds: number): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    await store.transaction(async (tx) => {
      for (let i = 0; i < BATCH; i++) {
        const t = await createInTx(tx, {
          subject: `batch ${round} ticket ${i}`, status: i === 0 ? 'open' : 'new',
          createdAt: at(`2024-03-0${1 + i}T12:00:00.000Z`),
        });
        await tx.insertComment({
          ticketId: t.id, authorId: 1, content: 'c', isInternal: false, createdAt: t.createdAt, updatedAt: t.createdAt,
        });
      }
    });
  }
}

/**
 * The port's transaction contracts: a handle dies with its transaction, transactions do not nest,
 * and every multi-part read (a page and its count, the parts of the statistics) sees one snapshot.
 */
export function contractTests(options: StoreConformanceOptions): void {
  describe('port contracts', () => {
    const store = storePerTest(options);

    it('a tx handle used after its transaction committed or rolled back is rejected', async () => {
      let kept: TicketStoreTx | undefined;
      const t = await store().transaction(async (tx) => {
        kept = tx;
        return createInTx(tx);
      });
      await expect(kept!.getTicket(t.id)).rejects.toThrow(StoreError);
      await expect(kept!.getTicket(t.id)).rejects.toThrow(/already finished/);
      await expect(kept!.insertTicket(newTicket(99))).rejects.toThrow(/already finished/);
      await expect(kept!.allocateTicketSequence()).rejects.toThrow(/already finished/);
      await expect(
        store().transaction(async (tx) => {
          kept = tx;
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await expect(kept!.updateTicket(t.id, { subject: 'late' })).rejects.toThrow(/already finished/);
      expect((await store().getTicket(t.id))?.subject).toBe(t.subject);
    });

    it('a transaction started inside another on the same store is rejected, not deadlocked; the outer one commits', async () => {
      const outer = await store().transaction(async (tx) => {
        const t = await createInTx(tx, { subject: 'outer' });
        await expect(store().transaction(async (inner) => createInTx(inner))).rejects.toThrow(StoreError);
        await expect(store().transaction(async () => 1)).rejects.toThrow(/Nested transaction/);
        return tx.updateTicket(t.id, { subject: 'outer, after the nested attempt' });
      });
      expect((await store().getTicket(outer.id))?.subject).toBe('outer, after the nested attempt');
      // The store is not left blocked: the next transaction runs.
      expect((await store().transaction((tx) => createInTx(tx))).sequence).toBe(2);
    });

    it('a page and its count (and the parts of the statistics) come from one snapshot while writers commit', async () => {
      await insertTickets(store(), []);
      const filters: TicketFilter[] = [
        {}, { status: 'new' }, { createdAfter: at('2024-01-01T00:00:00.000Z') }, { searchTerms: ['batch'] }, { customerId: 1 },
      ];
      const writing = writeBatches(store(), 8);
      let done = false;
      void writing.finally(() => {
        done = true;
      });
      const checks: Promise<void>[] = [];
      const read = async () => {
        do {
          for (const filter of filters) {
            const perBatch = filter.status === 'new' ? BATCH - 1 : BATCH;
            const all = await store().listTickets({
              filter, ordering: { field: 'created_at', direction: 'desc' }, page: { offset: 0, limit: 1000 }, now: new Date(),
            });
            expect(all.count % perBatch).toBe(0);
            expect(all.rows.length).toBe(all.count);
            const page = await store().listTickets({
              filter, ordering: { field: 'priority', direction: 'asc' }, page: { offset: 0, limit: 2 }, now: new Date(),
            });
            expect(page.count % perBatch).toBe(0);
            expect(page.rows.length).toBe(Math.min(2, page.count));
          }
          const comments = await store().listComments({}, { offset: 0, limit: 1000 });
          expect(comments.count % BATCH).toBe(0);
          expect(comments.rows.length).toBe(comments.count);
          const stats = await store().statistics({}, { now: new Date(), mine: { assignedToId: 1 } });
          expect(stats.total % BATCH).toBe(0);
          expect(Object.values(stats.byStatus).reduce((a, b) => a + (b ?? 0), 0)).toBe(stats.total);
        } while (!done);
      };
      checks.push(read(), read());
      await Promise.all([writing, ...checks]);
      expect((await store().listTickets({
        filter: {}, ordering: { field: 'created_at', direction: 'asc' }, page: { offset: 0, limit: 1 }, now: new Date(),
      })).count).toBe(8 * BATCH);
    });
  });
}
