import { createMemoryWebhookStore, createWebhookService } from '@tessera/webhooks';
import { describe, expect, it } from 'vitest';
import { AdminClient } from './browser/admin-client.js';
import { createAdminFixture, CUSTOMER_PASSWORD } from './browser/admin-fixture.js';

describe('admin: webhooks page', () => {
  it('lists subscriptions with their recent deliveries and status codes, escaped', async () => {
    const store = createMemoryWebhookStore();
    const webhooks = createWebhookService({ store, allowPrivate: true });
    const f = await createAdminFixture({ webhooks });
    const hook = await webhooks.create({ url: 'http://127.0.0.1:9/in?a=1&b=<x>', events: ['ticket.created'], description: '<script>alert(1)</script>' });
    const idle = await webhooks.create({ url: 'http://127.0.0.1:9/idle', events: ['*'], includeInternal: true });
    await webhooks.update(idle.id, { isActive: false }, true);

    // Two attempts for one event: a 503 that is retried, then a 200.
    const [event] = await store.outbox.append([{ type: 'ticket.created', occurredAt: new Date(), data: {}, internal: false, subscriptionId: null }]);
    const now = new Date();
    await store.deliveries.enqueue([{ subscriptionId: hook.id, eventId: event!.id, eventType: 'ticket.created' }], now);
    const claim = async () => (await store.deliveries.claimDue({ owner: 'me', now: new Date(Date.now() + 60_000), leaseMs: 60_000, limit: 10, perSubscription: 4, skipSubscriptions: [] }))[0]!;
    await store.deliveries.complete((await claim()).id, 'me', { outcome: 'retrying', statusCode: 503, durationMs: 12, error: 'HTTP 503', retryAt: now }, now);
    await store.deliveries.complete((await claim()).id, 'me', { outcome: 'delivered', statusCode: 200, durationMs: 8, error: null, retryAt: null }, now);

    const client = new AdminClient(f.app);
    await client.signIn();
    const { res, html } = await client.page('webhooks');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html).toContain('href="/admin/ticketing/webhooks"');
    expect(html).toContain('2 subscriptions');
    expect(html).toContain('http://127.0.0.1:9/in?a=1&amp;b=&lt;x&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
    const section = html.slice(html.indexOf(`id="webhook-${hook.id}"`), html.indexOf(`id="webhook-${idle.id}"`));
    expect([...section.matchAll(/class="status-code">(\d+)</gu)].map((m) => m[1])).toEqual(['200', '503']);
    expect(section).toContain('>Delivered</span>');
    expect(section).toContain('>Retrying</span>');
    expect(section).toContain('HTTP 503');
    const idleSection = html.slice(html.indexOf(`id="webhook-${idle.id}"`));
    expect(idleSection).toContain('>Inactive</span>');
    expect(idleSection).toContain('Includes internal');
    expect(idleSection).toContain('No deliveries yet.');
  });

  it('is for staff only, and says so when webhooks are not enabled', async () => {
    const f = await createAdminFixture();
    const anonymous = new AdminClient(f.app);
    const redirected = await anonymous.page('webhooks');
    expect([302, 303]).toContain(redirected.res.status);
    const customer = new AdminClient(f.app);
    await customer.signIn('carl@acme.test', CUSTOMER_PASSWORD);
    // Customers cannot sign in to the admin, so they get the sign-in redirect, never the page.
    expect([302, 303]).toContain((await customer.page('webhooks')).res.status);
    const staff = new AdminClient(f.app);
    await staff.signIn();
    expect((await staff.page('webhooks')).html).toContain('Webhooks are not enabled on this server.');
  });
});
