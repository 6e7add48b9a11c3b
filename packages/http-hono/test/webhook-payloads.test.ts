import { createDispatcher, createWebhookService } from '@tessera/webhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../webhooks/test/receiver.js';
import { createWebhookData } from '../src/index.js';
import { useFixture } from './fixture.js';

describe('webhook payloads in the REST wire shape', () => {
  const f = useFixture('memory', {
    router: (store) => ({ webhooks: createWebhookService({ store: store.webhooks!, allowPrivate: true }) }),
  });
  let receiver: Receiver;
  let secret = '';
  beforeEach(async () => {
    receiver = await startReceiver(() => secret);
  });
  afterEach(() => receiver.close());

  it('sends signed bodies whose data is what the API shows: list row, comment, attachment, deletion, ping', async () => {
    const created = await f.call(f.alice, 'POST', '/webhooks/', { url: receiver.url, events: ['*'], include_internal: true });
    secret = created.body.secret;

    // Real changes through the API; the ticketing service writes their outbox events.
    const t = (await f.call(f.alice, 'POST', '/tickets/', { subject: 'VPN down', description: 'x', customer: f.acme.id, due_date: '2025-01-10T00:00:00Z', tags: 'vpn, login' })).body;
    const { comments: _c, attachments: _a, history: _h, ...createdRow } = t;
    await f.call(f.alice, 'POST', `/tickets/${t.id}/assign/`, { user_id: f.bob.id });
    const assignedRow = (await f.call(f.alice, 'GET', '/tickets/')).body.results[0];
    const comment = (await f.call(f.alice, 'POST', `/tickets/${t.id}/add_comment/`, { content: 'On it', is_internal: true })).body;
    const upload = new FormData();
    upload.set('file', new File(['hello'], 'log.txt', { type: 'text/plain' }));
    upload.set('description', 'logs');
    const attachment = (await f.call(f.alice, 'POST', `/tickets/${t.id}/add_attachment/`, upload)).body;
    expect((await f.call(f.alice, 'DELETE', `/tickets/${t.id}/`)).status).toBe(204);
    await f.call(f.alice, 'POST', `/webhooks/${created.body.id}/ping/`);

    const dispatcher = createDispatcher({
      store: f.store.webhooks!,
      allowPrivate: true,
      data: createWebhookData({ directory: f.ticketing.directory, apiBase: 'https://help.example.com/api/ticketing' }),
    });
    await dispatcher.runOnce();

    expect(receiver.badSignatures).toEqual([]);
    const of = (type: string) => receiver.received.filter((r) => r.type === type).map((r) => r.body);
    expect(of('ticket.created')).toEqual([{ type: 'ticket.created', timestamp: f.clock.now().toISOString(), data: createdRow }]);
    expect(createdRow).toMatchObject({ is_overdue: true, tag_list: ['vpn', 'login'] });
    expect(of('ticket.assigned').map((b) => b.data)).toEqual([assignedRow]);
    expect(assignedRow).toMatchObject({ assigned_to: f.bob.id, assigned_to_details: { id: f.bob.id, name: 'Bob' } });
    expect(of('ticket.updated').map((b) => b.data)).toContainEqual({ ...assignedRow, changed_fields: ['assigned_to'] });
    expect(of('comment.created').map((b) => b.data)).toEqual([comment]);
    expect(of('attachment.created').map((b) => b.data)).toEqual([
      { ...attachment, download_url: `https://help.example.com/api/ticketing/attachments/${attachment.id}/download/` },
    ]);
    expect(of('ticket.deleted').map((b) => b.data)).toEqual([{ id: t.id, ticket_number: t.ticket_number }]);
    expect(of('ping').map((b) => b.data)).toEqual([{ webhook: created.body.id }]);

    // The delivery log shows each attempt with its status code.
    const log = await f.call(f.alice, 'GET', `/webhooks/${created.body.id}/deliveries/?page_size=200`);
    expect(log.body.count).toBe(receiver.received.length);
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
