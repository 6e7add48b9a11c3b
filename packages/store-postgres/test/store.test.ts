import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '@tessera/core';
import type { PostgresStore } from '../src/index.js';
import { newTicket } from './fixtures.js';
import { pgAvailable, useTestSchema } from './pg-test-schema.js';

describe.skipIf(!pgAvailable)('postgres store: rows and types', () => {
  const db = useTestSchema('store');

  async function create(store: PostgresStore, overrides: Parameters<typeof newTicket>[1] = {}) {
    return store.transaction(async (tx) => tx.insertTicket(newTicket(await tx.allocateTicketSequence(), overrides)));
  }

  it('round-trips a ticket: hours as numbers, timestamps as Dates, tags as a list', async () => {
    const store = await db.fresh();
    const due = new Date('2024-12-31T23:59:59Z');
    const created = await create(store, { estimatedHours: 2.5, actualHours: 0, dueDate: due, tags: ['login', 'auth'] });
    const read = await store.getTicket(created.id);
    expect(read).toEqual(created);
    expect(read?.estimatedHours).toBe(2.5);
    expect(read?.actualHours).toBe(0);
    expect(read?.dueDate?.toISOString()).toBe('2024-12-31T23:59:59.000Z');
    expect(read?.tags).toEqual(['login', 'auth']);
    expect(typeof read?.id).toBe('number');
    expect(read?.ticketNumber).toBe('TKT-000001');
  });

  it('updates only the patched columns, version included only when patched', async () => {
    const store = await db.fresh();
    const t = await create(store, { subject: 'a', priority: 'low' });
    const after = await store.transaction((tx) => tx.updateTicket(t.id, { priority: 'critical' }));
    expect(after).toMatchObject({ subject: 'a', priority: 'critical', version: 1 });
    const again = await store.transaction((tx) => tx.updateTicket(t.id, { subject: 'b', version: 7 }));
    expect(again).toMatchObject({ subject: 'b', priority: 'critical', version: 7 });
    await expect(store.transaction((tx) => tx.updateTicket(9999, { subject: 'x' }))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('rolls a failed transaction back entirely, releasing its ticket number', async () => {
    const store = await db.fresh();
    await expect(
      store.transaction(async (tx) => {
        await tx.insertTicket(newTicket(await tx.allocateTicketSequence()));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const t = await create(store);
    expect(t.sequence).toBe(1);
    expect((await store.listHistory({ includeInternal: true })).count).toBe(0);
  });

  it('deleting a ticket removes its comments, attachments and history; numbers are not reused', async () => {
    const store = await db.fresh();
    const t = await create(store);
    await store.transaction(async (tx) => {
      await tx.insertComment({ ticketId: t.id, authorId: 1, content: 'c', isInternal: false, createdAt: t.createdAt, updatedAt: t.createdAt });
      await tx.insertAttachment({
        ticketId: t.id, filename: 'a.txt', fileSize: 3, contentType: 'text/plain', description: '',
        uploadedById: 1, uploadedAt: t.createdAt, blobKey: 'k',
      });
      await tx.insertHistory([
        { ticketId: t.id, userId: 1, action: 'created', fieldName: null, oldValue: null, newValue: null, timestamp: t.createdAt, isInternal: false },
      ]);
    });
    await store.transaction((tx) => tx.deleteTicket(t.id));
    expect(await store.getTicket(t.id)).toBeNull();
    expect((await store.listComments({})).count).toBe(0);
    expect((await store.listAttachments({})).count).toBe(0);
    expect((await store.listHistory({ includeInternal: true })).count).toBe(0);
    expect((await create(store)).sequence).toBe(2);
  });

  it('maps a duplicate ticket number to ConflictError and NUL text to ValidationError', async () => {
    const store = await db.fresh();
    await create(store);
    await expect(store.transaction((tx) => tx.insertTicket(newTicket(1)))).rejects.toBeInstanceOf(ConflictError);
    await expect(create(store, { subject: 'a\u0000b' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('directory: users, customers, tokens; emails unique case-insensitively; LIKE characters literal', async () => {
    const store = await db.fresh();
    const acme = await store.directory.addCustomer({ name: 'Acme 100%', email: 'ops@acme.test' });
    await store.directory.addCustomer({ name: 'Acme 1000', email: 'x@acme.test' });
    const ann = await store.directory.addUser({ name: 'Ann', email: 'Ann@Example.test', role: 'staff', passwordHash: 'h' });
    const bob = await store.directory.addUser({ name: 'Bob', email: 'bob@acme.test', role: 'customer', customerId: acme.id });
    await expect(store.directory.addUser({ name: 'A2', email: 'ann@example.TEST', role: 'staff' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await store.directory.searchCustomers('0%', { limit: 10 })).toEqual([acme]);
    expect(await store.directory.searchUsers('ACME', { limit: 10 })).toEqual([bob]);
    expect(await store.directory.searchUsers('', { limit: 10, role: 'staff' })).toEqual([ann]);
    expect(await store.directory.getUsers([bob.id, 999])).toEqual([bob]);
    expect(await store.directory.findUserByEmail('ANN@example.test')).toEqual({ user: ann, passwordHash: 'h' });
    await store.directory.addToken({ userId: ann.id, tokenHash: 'abc', label: 'cli', createdAt: new Date() });
    expect(await store.directory.findUserByTokenHash('abc')).toEqual(ann);
    expect(await store.directory.findUserByTokenHash('nope')).toBeNull();
    expect(await store.directory.countUsers()).toBe(2);
    expect(bob.customerId).toBe(acme.id);
  });
});
