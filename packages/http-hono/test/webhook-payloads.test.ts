import { createDispatcher, createWebhookService } from '@tessera/webhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../webhooks/test/receiver.js';
import { createWebhookData } from '../src/index.js';
import { createFixture, type Fixture } from './fixture.js';

const json = <T>(value: T) => JSON.parse(JSON.stringify(value)) as never;

describe('webhook payloads in the REST wire shape', () => {
  let f: Fixture;
  let receiver: Receiver;
  let secret = '';
  beforeEach(async () => {
    f = await createFixture('memory', {
      router: (store) => ({ webhooks: createWebhookService({ store: store.webhooks!, allowPrivate: true }) }),
    });
    receiver = await startReceiver(() => secret);
  });
  afterEach(async () => {
    await receiver.close();
    await f.close();
  });

  it('sends signed bodies whose data is what the API shows: list row, comment, attachment, deletion, ping', async () => {
    const outbox = f.store.webhooks!.outbox;
    const created = await f.call(f.alice, 'POST', '/webhooks/', { url: receiver.url, events: ['*'], include_internal: true });
    secret = created.body.secret;

    const t = await f.ticket({ due_date: '2025-01-10T00:00:00Z', tags: 'vpn, login' });
    await f.call(f.alice, 'POST', `/tickets/${t.id}/assign/`, { user_id: f.bob.id });
    const comment = (await f.call(f.alice, 'POST', `/tickets/${t.id}/add_comment/`, { content: 'On it', is_internal: true })).body;
    const upload = new FormData();
    upload.set('file', new File(['hello'], 'log.txt', { type: 'text/plain' }));
    upload.set('description', 'logs');
    const attachment = (await f.call(f.alice, 'POST', `/tickets/${t.id}/add_attachment/`, upload)).body;
    const row = (await f.call(f.alice, 'GET', `/tickets/?page_size=1`)).body.results[0];

    // The stored snapshots, as the ticketing service writes them (camelCase, ISO dates).
    const ticket = json(await f.store.getTicket(t.id));
    const at = f.clock.now();
    await outbox.append([
      { type: 'ticket.created', occurredAt: at, data: { ticket, actorId: f.alice.id }, internal: false, subscriptionId: null },
      { type: 'ticket.updated', occurredAt: at, data: { ticket, changedFields: ['assignedToId', 'dueDate'], actorId: f.alice.id }, internal: false, subscriptionId: null },
      { type: 'comment.created', occurredAt: at, data: { comment: json(await f.store.getComment(comment.id)), ticket, actorId: f.alice.id }, internal: true, subscriptionId: null },
      { type: 'attachment.created', occurredAt: at, data: { attachment: json(await f.store.getAttachment(attachment.id)), ticket, actorId: f.alice.id }, internal: false, subscriptionId: null },
      { type: 'ticket.deleted', occurredAt: at, data: { ticket, actorId: f.alice.id }, internal: false, subscriptionId: null },
    ]);
    await f.call(f.alice, 'POST', `/webhooks/${created.body.id}/ping/`);

    const dispatcher = createDispatcher({
      store: f.store.webhooks!,
      allowPrivate: true,
      data: createWebhookData({ directory: f.ticketing.directory, apiBase: 'https://help.example.com/api/ticketing' }),
    });
    await dispatcher.runOnce();

    expect(receiver.badSignatures).toEqual([]);
    const byType = Object.fromEntries(receiver.received.map((r) => [r.type, r.body]));
    expect(Object.keys(byType).sort()).toEqual(['attachment.created', 'comment.created', 'ping', 'ticket.created', 'ticket.deleted', 'ticket.updated']);
    expect(byType['ticket.created']).toEqual({ type: 'ticket.created', timestamp: at.toISOString(), data: row });
    expect(row).toMatchObject({ is_overdue: true, assigned_to_details: { id: f.bob.id, name: 'Bob' }, tag_list: ['vpn', 'login'] });
    expect(byType['ticket.updated']!.data).toEqual({ ...row, changed_fields: ['assigned_to', 'due_date'] });
    expect(byType['comment.created']!.data).toEqual(comment);
    expect(byType['attachment.created']!.data).toEqual({ ...attachment, download_url: `https://help.example.com/api/ticketing/attachments/${attachment.id}/download/` });
    expect(byType['ticket.deleted']!.data).toEqual({ id: t.id, ticket_number: t.ticket_number });
    expect(byType.ping!.data).toEqual({ webhook: created.body.id });

    // The delivery log shows each attempt with its status code.
    const log = await f.call(f.alice, 'GET', `/webhooks/${created.body.id}/deliveries/`);
    expect(log.body.count).toBe(6);
    expect(log.body.results.every((d: { status_code: number; delivered_at: string | null }) => d.status_code === 204 && d.delivered_at !== null)).toBe(true);
  });

  it('links are relative paths without a public URL', async () => {
    const data = createWebhookData({ directory: null, apiBase: '/api/ticketing/' });
    const attachment = { id: 7, ticketId: 1, filename: 'a.txt', fileSize: 2048, contentType: 'text/plain', description: '', uploadedById: 1, uploadedAt: '2025-01-15T12:00:00.000Z', blobKey: 'k' };
    expect(await data({ type: 'attachment.deleted', occurredAt: new Date(), data: { attachment, actorId: 1 } })).toMatchObject({
      id: 7,
      file_size_display: '2.0 KB',
      uploaded_at: '2025-01-15T12:00:00Z',
      download_url: '/api/ticketing/attachments/7/download/',
    });
  });
});
