import { describe, expect, it } from 'vitest';
import { createInTx, listAll } from './fixtures.js';
import { storePerTest, type StoreConformanceOptions } from './harness.js';

/** Sequence allocation: starts at 1, consecutive, unique under concurrency, increasing with id. */
export function numberingTests(options: StoreConformanceOptions): void {
  describe('ticket sequence', () => {
    const store = storePerTest(options);
    it('starts at 1 and counts up within and across transactions', async () => {
      const first = await store().transaction(async (tx) => [
        await tx.allocateTicketSequence(),
        await tx.allocateTicketSequence(),
      ]);
      const next = await store().transaction((tx) => tx.allocateTicketSequence());
      expect([...first, next]).toEqual([1, 2, 3]);
    });

    it('concurrent creating transactions get distinct consecutive values that grow with id', async () => {
      const n = 30;
      await Promise.all(Array.from({ length: n }, () => store().transaction((tx) => createInTx(tx))));
      const { rows } = await listAll(store(), {}, new Date());
      expect(rows).toHaveLength(n);
      const byId = [...rows].sort((a, b) => a.id - b.id);
      expect(byId.map((t) => t.sequence)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    });

    it('deleting a ticket leaves a gap; its number is not reused', async () => {
      const t1 = await store().transaction((tx) => createInTx(tx));
      const t2 = await store().transaction((tx) => createInTx(tx));
      await store().transaction((tx) => tx.deleteTicket(t2.id));
      const t3 = await store().transaction((tx) => createInTx(tx));
      expect([t1.sequence, t2.sequence, t3.sequence]).toEqual([1, 2, 3]);
      expect(t3.ticketNumber).toBe('TKT-000003');
    });
  });
}
