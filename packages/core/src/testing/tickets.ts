import { describe, expect, it } from 'vitest';
import type { TicketPatch } from '../ports/ticket-store.js';
import { at, createInTx, insertTickets, newTicket } from './fixtures.js';
import { storePerTest, type StoreConformanceOptions } from './harness.js';

/** Ticket rows: insert, read, lock, update, delete and exact round-trips of every field type. */
export function ticketTests(options: StoreConformanceOptions): void {
  describe('tickets', () => {
    const store = storePerTest(options);
    it('inserts a ticket and reads back exactly what was written', async () => {
      const input = newTicket(1, {
        subject: 'Ünïcödé — 日本語 🎫 "quoted" \'single\'',
        description: 'line one\nline two\ttabbed 😀',
        status: 'in_progress',
        priority: 'urgent',
        category: 'billing',
        customerId: 7,
        assignedToId: 3,
        createdById: 4,
        createdAt: at('2024-03-01T10:20:30.123Z'),
        updatedAt: at('2024-03-02T11:21:31.456Z'),
        resolvedAt: at('2024-03-03T12:22:32.789Z'),
        closedAt: at('2024-03-04T13:23:33.001Z'),
        dueDate: at('2024-12-31T23:59:59.999Z'),
        estimatedHours: 2.5,
        actualHours: 0,
        tags: ['login', 'two words', 'ünï'],
        firstResponseAt: at('2024-03-01T10:50:00.010Z'),
        version: 3,
        slaPolicyId: 7,
        slaFirstResponseClock: 'stopped',
        slaFirstResponseDueAt: at('2024-03-01T11:20:30.000Z'),
        slaFirstResponseBreached: true,
        slaResolutionClock: 'running',
        slaResolutionDueAt: at('2024-03-05T09:00:00.123Z'),
        slaResolutionElapsedMs: 400_000_000_000,
        slaResolutionRunningSince: at('2024-03-02T08:00:00.000Z'),
        slaResolutionBreached: false,
        slaBreachAt: at('2024-03-01T11:20:30.000Z'),
      });
      const inserted = await store().transaction((tx) => tx.insertTicket(input));
      expect(inserted.id).toEqual(expect.any(Number));
      expect(inserted).toEqual({ ...input, id: inserted.id });
      const read = await store().getTicket(inserted.id);
      expect(read).toEqual({ ...input, id: inserted.id });
      expect(read!.createdAt).toBeInstanceOf(Date);
      expect(read!.createdAt.getTime()).toBe(input.createdAt.getTime());
      expect(read!.dueDate!.toISOString()).toBe('2024-12-31T23:59:59.999Z');
      expect(typeof read!.estimatedHours).toBe('number');
      expect(typeof read!.actualHours).toBe('number');
      expect(Array.isArray(read!.tags)).toBe(true);
    });

    it('round-trips nulls and empty tags', async () => {
      const [t] = await insertTickets(store(), [{ estimatedHours: null, actualHours: null, tags: [] }]);
      const read = await store().getTicket(t!.id);
      expect(read!.estimatedHours).toBeNull();
      expect(read!.actualHours).toBeNull();
      expect(read!.assignedToId).toBeNull();
      expect(read!.dueDate).toBeNull();
      expect(read!.resolvedAt).toBeNull();
      expect(read!.closedAt).toBeNull();
      expect(read!.firstResponseAt).toBeNull();
      expect(read!.tags).toEqual([]);
    });

    it('keeps decimal hours exact', async () => {
      const rows = await insertTickets(store(), [
        { estimatedHours: 0.01, actualHours: 999999.99 },
        { estimatedHours: 12.34, actualHours: 1.1 },
      ]);
      const reads = await Promise.all(rows.map((r) => store().getTicket(r.id)));
      expect(reads.map((r) => [r!.estimatedHours, r!.actualHours])).toEqual([
        [0.01, 999999.99],
        [12.34, 1.1],
      ]);
    });

    it('returns null for unknown ticket ids', async () => {
      expect(await store().getTicket(987654)).toBeNull();
      expect(await store().transaction((tx) => tx.lockTicket(987654))).toBeNull();
    });

    it('gives increasing ids to tickets inserted in order', async () => {
      const rows = await insertTickets(store(), [{}, {}, {}]);
      const ids = rows.map((r) => r.id);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      expect(new Set(ids).size).toBe(3);
    });

    it('lockTicket returns the current row', async () => {
      const [t] = await insertTickets(store(), [{ subject: 'locked' }]);
      const locked = await store().transaction((tx) => tx.lockTicket(t!.id));
      expect(locked).toEqual(t);
    });

    it('updateTicket writes the patch, keeps other fields and returns the stored row', async () => {
      const [t] = await insertTickets(store(), [{ subject: 'before', tags: ['a'], assignedToId: 5, estimatedHours: 1 }]);
      const patch: TicketPatch = {
        subject: 'after',
        status: 'resolved',
        resolvedAt: at('2024-05-05T05:05:05.555Z'),
        actualHours: 2.5,
        tags: ['b', 'c'],
        version: 2,
        updatedAt: at('2024-05-05T05:05:05.555Z'),
      };
      const updated = await store().transaction((tx) => tx.updateTicket(t!.id, patch));
      const expected = { ...t!, ...patch };
      expect(updated).toEqual(expected);
      expect(await store().getTicket(t!.id)).toEqual(expected);
    });

    it('updateTicket can set nullable fields to null and numbers to zero', async () => {
      const [t] = await insertTickets(store(), [
        { assignedToId: 5, dueDate: at('2024-02-02T00:00:00.000Z'), estimatedHours: 3, actualHours: 4 },
      ]);
      const updated = await store().transaction((tx) =>
        tx.updateTicket(t!.id, { assignedToId: null, dueDate: null, estimatedHours: 0, actualHours: null }),
      );
      expect(updated).toMatchObject({ assignedToId: null, dueDate: null, estimatedHours: 0, actualHours: null });
      expect(await store().getTicket(t!.id)).toEqual(updated);
    });

    it('updateTicket changes only patched fields: version and updatedAt are never bumped by the store', async () => {
      const [t] = await insertTickets(store(), [{ version: 4, updatedAt: at('2024-01-01T00:00:00.000Z') }]);
      const when = at('2024-01-02T03:04:05.006Z');
      const updated = await store().transaction((tx) => tx.updateTicket(t!.id, { firstResponseAt: when }));
      expect(updated).toEqual({ ...t!, firstResponseAt: when });
      expect(await store().getTicket(t!.id)).toEqual({ ...t!, firstResponseAt: when });
    });

    it('updateTicket leaves other tickets alone', async () => {
      const [a, b] = await insertTickets(store(), [{ subject: 'a' }, { subject: 'b' }]);
      await store().transaction((tx) => tx.updateTicket(a!.id, { subject: 'a2' }));
      expect(await store().getTicket(b!.id)).toEqual(b);
    });

    it('deleteTicket removes the ticket', async () => {
      const [a, b] = await insertTickets(store(), [{}, {}]);
      await store().transaction((tx) => tx.deleteTicket(a!.id));
      expect(await store().getTicket(a!.id)).toBeNull();
      expect(await store().getTicket(b!.id)).toEqual(b);
    });

    it('rejects a second ticket with the same ticket number', async () => {
      await insertTickets(store(), [{ sequence: 5 }]);
      await expect(store().transaction((tx) => tx.insertTicket(newTicket(5)))).rejects.toThrow();
      const all = await store().listTickets({
        filter: {},
        ordering: { field: 'created_at', direction: 'asc' },
        page: { offset: 0, limit: 10 },
        now: new Date(),
      });
      expect(all.count).toBe(1);
    });

    it('results are copies: mutating them does not change the store', async () => {
      const t = await store().transaction((tx) => createInTx(tx, { tags: ['keep'] }));
      t.tags.push('mutated');
      t.subject = 'mutated';
      const read = await store().getTicket(t.id);
      expect(read!.tags).toEqual(['keep']);
      expect(read!.subject).not.toBe('mutated');
    });
  });
}
