import { createMemoryWebhookStore, createWebhookService, type WebhookStore } from '@tessera/webhooks';
import { describe, expect, it } from 'vitest';
import { createFixture, useFixture } from './fixture.js';

const hook = { url: 'http://127.0.0.1:9/hook', events: ['ticket.created', 'ticket.status_changed'] };

describe('/webhooks/ REST', () => {
  let store: WebhookStore;
  const f = useFixture('memory', {
    router: () => {
      store = createMemoryWebhookStore();
      return { webhooks: createWebhookService({ store, allowPrivate: true }) };
    },
  });

  it('creates a subscription showing the secret once, then never again', async () => {
    const created = await f.call(f.alice, 'POST', '/webhooks/', { ...hook, description: 'ops' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(Number),
      url: hook.url,
      events: hook.events,
      include_internal: false,
      description: 'ops',
      is_active: true,
    });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/u);
    expect(Buffer.from(created.body.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);

    const detail = await f.call(f.alice, 'GET', `/webhooks/${created.body.id}/`);
    expect(detail.status).toBe(200);
    expect(detail.body).not.toHaveProperty('secret');
    expect(detail.body).toMatchObject({ id: created.body.id, url: hook.url });
    const list = await f.call(f.alice, 'GET', '/webhooks/');
    expect(list.body).toMatchObject({ count: 1, next: null, previous: null });
    expect(list.body.results[0]).not.toHaveProperty('secret');
  });

  it('answers customers 403 on every route', async () => {
    const { body } = await f.call(f.alice, 'POST', '/webhooks/', hook);
    for (const [method, path] of [
      ['GET', '/webhooks/'],
      ['POST', '/webhooks/'],
      ['GET', `/webhooks/${body.id}/`],
      ['PATCH', `/webhooks/${body.id}/`],
      ['DELETE', `/webhooks/${body.id}/`],
      ['GET', `/webhooks/${body.id}/deliveries/`],
      ['POST', `/webhooks/${body.id}/ping/`],
    ] as const) {
      const res = await f.call(f.carol, method, path, method === 'GET' || method === 'DELETE' ? undefined : hook);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body).toHaveProperty('detail');
    }
    expect((await f.call(f.alice, 'GET', `/webhooks/${body.id}/`)).status).toBe(200);
  });

  it('rejects missing, empty and unknown events under "events", and unsafe URLs under "url"', async () => {
    expect(await f.call(f.alice, 'POST', '/webhooks/', { url: hook.url })).toMatchObject({ status: 400, body: { events: [expect.any(String)] } });
    expect(await f.call(f.alice, 'POST', '/webhooks/', { url: hook.url, events: [] })).toMatchObject({ status: 400, body: { events: [expect.any(String)] } });
    expect(await f.call(f.alice, 'POST', '/webhooks/', { url: hook.url, events: ['ticket.exploded'] })).toMatchObject({
      status: 400,
      body: { events: [expect.stringContaining('ticket.exploded')] },
    });
    expect(await f.call(f.alice, 'POST', '/webhooks/', { url: 'ftp://example.com/x', events: ['*'] })).toMatchObject({ status: 400, body: { url: [expect.any(String)] } });
    expect((await f.call(f.alice, 'GET', '/webhooks/')).body.count).toBe(0);
  });

  it('refuses private addresses unless allowPrivate', async () => {
    const strict = await createFixture('memory', {
      router: () => ({ webhooks: createWebhookService({ store: createMemoryWebhookStore(), allowPrivate: false }) }),
    });
    const res = await strict.call(strict.alice, 'POST', '/webhooks/', { url: 'http://127.0.0.1/hook', events: ['*'] });
    expect(res).toMatchObject({ status: 400, body: { url: [expect.any(String)] } });
    await strict.close();
  });

  it('updates with PUT (all fields) and PATCH (some), deletes, and answers 404 for unknown ids', async () => {
    const { body } = await f.call(f.alice, 'POST', '/webhooks/', { ...hook, include_internal: true, description: 'd' });
    const patched = await f.call(f.alice, 'PATCH', `/webhooks/${body.id}/`, { is_active: false, events: ['*'] });
    expect(patched).toMatchObject({ status: 200, body: { is_active: false, events: ['*'], include_internal: true, description: 'd', url: hook.url } });
    expect(patched.body).not.toHaveProperty('secret');
    expect(await f.call(f.alice, 'PATCH', `/webhooks/${body.id}/`, { events: [] })).toMatchObject({ status: 400, body: { events: [expect.any(String)] } });
    // PUT resets what it omits to the defaults, as a full update does.
    const put = await f.call(f.alice, 'PUT', `/webhooks/${body.id}/`, { url: 'http://127.0.0.1:10/other', events: ['comment.created'] });
    expect(put).toMatchObject({ status: 200, body: { url: 'http://127.0.0.1:10/other', events: ['comment.created'], include_internal: false, description: '' } });
    expect(await f.call(f.alice, 'PUT', `/webhooks/${body.id}/`, { url: hook.url })).toMatchObject({ status: 400, body: { events: ['This field is required.'] } });
    expect((await f.call(f.alice, 'PUT', '/webhooks/999/', { nonsense: true })).status).toBe(404);
    expect((await f.call(f.alice, 'GET', '/webhooks/abc/')).status).toBe(404);
    expect((await f.call(f.alice, 'DELETE', `/webhooks/${body.id}/`)).status).toBe(204);
    expect((await f.call(f.alice, 'GET', `/webhooks/${body.id}/`)).status).toBe(404);
    expect((await f.call(f.alice, 'DELETE', `/webhooks/${body.id}/`)).status).toBe(404);
    expect((await f.call(f.alice, 'POST', `/webhooks/${body.id}/ping/`)).status).toBe(404);
  });

  it('queues a ping (202) that appears in the deliveries page once fanned out', async () => {
    const { body } = await f.call(f.alice, 'POST', '/webhooks/', { ...hook, events: ['comment.created'] });
    const ping = await f.call(f.alice, 'POST', `/webhooks/${body.id}/ping/`);
    expect(ping).toMatchObject({ status: 202, body: { event_id: expect.any(Number) } });
    const empty = await f.call(f.alice, 'GET', `/webhooks/${body.id}/deliveries/`);
    expect(empty.body).toEqual({ count: 0, next: null, previous: null, results: [] });
    // Fan out (as the dispatcher's first step does): the ping is scheduled for this endpoint only.
    const claim = await store.outbox.claim({ limit: 10, leaseMs: 60_000, now: new Date() });
    await store.deliveries.enqueue(
      claim.events.map((e) => ({ subscriptionId: body.id, eventId: e.id, eventType: e.type })),
      new Date('2025-01-15T12:00:00Z'),
    );
    const page = await f.call(f.alice, 'GET', `/webhooks/${body.id}/deliveries/`);
    expect(page.status).toBe(200);
    expect(page.body.count).toBe(1);
    expect(Object.keys(page.body.results[0]).sort()).toEqual(
      ['id', 'event_id', 'event_type', 'attempt', 'status_code', 'duration_ms', 'error', 'created_at', 'next_attempt_at', 'delivered_at'].sort(),
    );
    expect(page.body.results[0]).toMatchObject({ event_id: ping.body.event_id, event_type: 'ping', attempt: 1, status_code: null, delivered_at: null });
    expect((await f.call(f.alice, 'GET', `/webhooks/${body.id}/deliveries/?page=2`))).toMatchObject({ status: 404, body: { detail: 'Invalid page.' } });
  });

  it('pages the subscription list DRF-style', async () => {
    for (let i = 0; i < 3; i++) await f.call(f.alice, 'POST', '/webhooks/', { ...hook, description: `n${i}` });
    const first = await f.call(f.alice, 'GET', '/webhooks/?page_size=2');
    expect(first.body).toMatchObject({ count: 3, previous: null });
    expect(first.body.results).toHaveLength(2);
    expect(first.body.next).toBe('http://localhost/api/ticketing/webhooks/?page_size=2&page=2');
    const second = await f.call(f.alice, 'GET', '/webhooks/?page_size=2&page=2');
    expect(second.body.results).toHaveLength(1);
    expect((await f.call(f.alice, 'GET', '/webhooks/?page=9')).status).toBe(404);
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = (await f.call(null, 'GET', '/openapi.json')).body;
    expect(Object.keys(doc.paths['/webhooks/']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/webhooks/{id}/']).sort()).toEqual(['delete', 'get', 'patch', 'put']);
    expect(doc.paths['/webhooks/{id}/ping/'].post.responses).toHaveProperty('202');
    expect(doc.paths['/webhooks/{id}/deliveries/'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/DeliveryPage' });
    expect(doc.components.schemas.WebhookCreated.required).toContain('secret');
    expect(doc.components.schemas.Webhook.properties).not.toHaveProperty('secret');
  });
});

describe('/webhooks/ without a webhook service', () => {
  it('answers 404 and leaves the routes out of the OpenAPI document', async () => {
    const f = await createFixture('memory');
    expect(await f.call(f.alice, 'GET', '/webhooks/')).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
    expect((await f.call(f.alice, 'POST', '/webhooks/', hook)).status).toBe(404);
    const doc = (await f.call(null, 'GET', '/openapi.json')).body;
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/webhooks'))).toBe(false);
    await f.close();
  });
});
