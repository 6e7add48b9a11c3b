import { describe, expect, it } from 'vitest';
import { createMemoryStore, StoreError, type TicketStoreTx } from '@tessera/core';
import { newTicket } from '../src/testing/fixtures.js';


// Behaviour specific to the in-memory store, beyond the shared conformance suite.
describe('memory store specifics', () => {
  it('a transaction handle used after its transaction ended is refused', async () => {
    const store = createMemoryStore();
    let leaked: TicketStoreTx | undefined;
    await store.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.insertTicket(newTicket(1))).rejects.toBeInstanceOf(StoreError);
    await expect(leaked!.getTicket(1)).rejects.toBeInstanceOf(StoreError);
  });

  it('reads outside a running transaction see only committed rows', async () => {
    const store = createMemoryStore();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted!: (id: number) => void;
    const insertedId = new Promise<number>((resolve) => {
      inserted = resolve;
    });
    const running = store.transaction(async (tx) => {
      const t = await tx.insertTicket(newTicket(1));
      inserted(t.id);
      await gate;
    });
    const id = await insertedId;
    expect(await store.getTicket(id)).toBeNull();
    release();
    await running;
    expect((await store.getTicket(id))?.sequence).toBe(1);
  });

  it('rejects comments, attachments and history for a missing ticket', async () => {
    const store = createMemoryStore();
    const at = new Date('2024-01-01T00:00:00Z');
    await expect(
      store.transaction((tx) =>
        tx.insertComment({ ticketId: 9, authorId: 1, content: 'c', isInternal: false, createdAt: at, updatedAt: at }),
      ),
    ).rejects.toThrow(/Ticket 9/u);
    await expect(
      store.transaction((tx) =>
        tx.insertHistory([
          { ticketId: 9, userId: 1, action: 'created', fieldName: null, oldValue: null, newValue: null, timestamp: at, isInternal: false },
        ]),
      ),
    ).rejects.toThrow(/Ticket 9/u);
  });

  it('updating a missing ticket fails with NotFoundError', async () => {
    const store = createMemoryStore();
    await expect(store.transaction((tx) => tx.updateTicket(5, { subject: 'x' }))).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });
});
