import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../src/index.js';
import { setup } from './fixtures.js';

async function world() {
  const env = await setup();
  const { ticketing, alice, carol, dave, acme, globex } = env;
  const acmeTicket = await ticketing.tickets.create(carol, { subject: 'Acme printer', description: 'jammed' });
  const globexTicket = await ticketing.tickets.create(dave, { subject: 'Globex VPN', description: 'down' });
  await ticketing.comments.add(alice, acmeTicket.id, { content: 'secret triage note', isInternal: true });
  await ticketing.comments.add(alice, acmeTicket.id, { content: 'we are looking' });
  await ticketing.tickets.create(alice, { subject: 'Staff-filed for Globex', description: 'x', customerId: globex.id });
  return { ...env, acmeTicket, globexTicket, acmeId: acme.id };
}

describe('customers are confined to their own customer', () => {
  it('files tickets for their own customer and cannot file for another', async () => {
    const { ticketing, carol, acmeId, globex, acmeTicket } = await world();
    expect(acmeTicket.customerId).toBe(acmeId);
    await expect(ticketing.tickets.create(carol, { subject: 's', description: 'd', customerId: globex.id })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("gets 404, never 403, for another customer's ticket in every operation", async () => {
    const { ticketing, carol, globexTicket } = await world();
    const id = globexTicket.id;
    for (const attempt of [
      () => ticketing.tickets.get(carol, id),
      () => ticketing.tickets.patch(carol, id, { subject: 'x' }),
      () => ticketing.tickets.changeStatus(carol, id, 'closed'),
      () => ticketing.tickets.assign(carol, id, null),
      () => ticketing.tickets.delete(carol, id),
      () => ticketing.comments.add(carol, id, { content: 'hi' }),
      () => ticketing.attachments.add(carol, id, { filename: 'a.txt', body: new Uint8Array([1]) }),
    ]) {
      await expect(attempt()).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it('sees only own tickets in lists, counts and statistics', async () => {
    const { ticketing, carol, alice, globex } = await world();
    const list = await ticketing.tickets.list(carol);
    expect(list.count).toBe(1);
    expect(list.results[0]!.subject).toBe('Acme printer');
    expect((await ticketing.tickets.list(carol, { customerId: globex.id })).count).toBe(0);
    expect((await ticketing.tickets.list(carol, { search: 'globex' })).count).toBe(0);
    expect((await ticketing.tickets.statistics(carol)).totalTickets).toBe(1);
    expect((await ticketing.tickets.statistics(alice)).totalTickets).toBe(3);
    expect((await ticketing.tickets.list(carol, { myTickets: true })).count).toBe(1);
  });

  it('never sees internal comments or the history rows about them', async () => {
    const { ticketing, carol, alice, acmeTicket } = await world();
    const detail = await ticketing.tickets.get(carol, acmeTicket.id);
    expect(detail.comments.map((c) => c.content)).toEqual(['we are looking']);
    expect(detail.history.filter((h) => h.action === 'comment_added')).toHaveLength(1);
    expect((await ticketing.comments.list(carol)).results.map((c) => c.content)).toEqual(['we are looking']);
    expect((await ticketing.comments.list(carol, { isInternal: true })).count).toBe(0);
    expect((await ticketing.history.list(carol, { action: 'comment_added' })).count).toBe(1);
    expect((await ticketing.history.list(alice, { action: 'comment_added' })).count).toBe(2);
    expect((await ticketing.comments.list(alice, { isInternal: true })).count).toBe(1);
  });

  it('cannot assign, delete, change priority, move the ticket or write internal notes', async () => {
    const { ticketing, carol, alice, acmeTicket, globex } = await world();
    const id = acmeTicket.id;
    await expect(ticketing.tickets.assign(carol, id, alice.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(ticketing.tickets.delete(carol, id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(ticketing.tickets.patch(carol, id, { priority: 'critical' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(ticketing.tickets.patch(carol, id, { customerId: globex.id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(ticketing.comments.add(carol, id, { content: 'x', isInternal: true })).rejects.toBeInstanceOf(ForbiddenError);
    const history = await ticketing.history.list(alice, { ticketId: id });
    expect(history.results.map((h) => h.action)).toEqual(['created', 'comment_added', 'comment_added']);
  });

  it('may edit text, comment publicly, upload and close or reopen', async () => {
    const { ticketing, carol, acmeTicket } = await world();
    const id = acmeTicket.id;
    expect((await ticketing.tickets.patch(carol, id, { subject: 'Printer still jammed', priority: 'medium' })).subject).toBe('Printer still jammed');
    await ticketing.comments.add(carol, id, { content: 'thanks' });
    const file = await ticketing.attachments.add(carol, id, { filename: 'photo.jpg', body: new Uint8Array([1, 2, 3]) });
    expect(file.fileSize).toBe(3);
    expect((await ticketing.tickets.changeStatus(carol, id, 'closed')).status).toBe('closed');
    expect((await ticketing.tickets.changeStatus(carol, id, 'reopened')).status).toBe('reopened');
  });
});

describe('attachments', () => {
  it('stores bytes, reads them back, and removes them with a history row', async () => {
    const { ticketing, alice, carol, acmeTicket } = await world();
    const att = await ticketing.attachments.add(carol, acmeTicket.id, {
      filename: '../../etc/passwd',
      contentType: 'text/plain',
      body: new TextEncoder().encode('hello'),
    });
    expect(att.filename).toBe('passwd');
    const { body } = await ticketing.attachments.read(alice, att.id);
    expect(await new Response(body).text()).toBe('hello');
    await ticketing.attachments.remove(alice, att.id);
    await expect(ticketing.attachments.read(alice, att.id)).rejects.toBeInstanceOf(NotFoundError);
    const actions = (await ticketing.history.list(alice, { ticketId: acmeTicket.id })).results.map((h) => h.action);
    expect(actions.slice(-2)).toEqual(['attachment_added', 'attachment_removed']);
  });

  it('refuses files over the limit and leaves nothing behind', async () => {
    const { ticketing, alice, acme } = await setup({ uploadLimitBytes: 4 });
    const t = await ticketing.tickets.create(alice, { subject: 's', description: 'd', customerId: acme.id });
    await ticketing.attachments.add(alice, t.id, { filename: 'ok.bin', body: new Uint8Array(4) });
    await expect(ticketing.attachments.add(alice, t.id, { filename: 'big.bin', body: new Uint8Array(5) })).rejects.toMatchObject({
      name: 'PayloadTooLargeError',
    });
    expect((await ticketing.attachments.list(alice, { ticketId: t.id })).count).toBe(1);
  });
});
