import { createMemoryBlobStore, createMemoryStore, createTicketing } from '@tessera/core';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createBearerAuthenticator, createTicketingRouter, generateToken, hashToken, type TicketingRouterOptions } from '../src/index.js';

/** An API router with one staff token, two tickets and an attachment, under the given host options. */
async function api(options: Pick<TicketingRouterOptions, 'publicUrl' | 'allowedHosts'> = {}) {
  const store = createMemoryStore();
  const ticketing = createTicketing({ store, blobs: createMemoryBlobStore() });
  const customer = await store.directory.addCustomer({ name: 'Acme', email: 'ops@acme.test' });
  const user = await store.directory.addUser({ name: 'Sam', email: 'sam@x.test', role: 'staff' });
  const token = generateToken();
  await store.directory.addToken({ userId: user.id, tokenHash: await hashToken(token), label: 't', createdAt: new Date() });
  const actor = { id: user.id, role: 'staff' as const };
  const ticket = await ticketing.tickets.create(actor, { subject: 'A', description: 'a', customerId: customer.id });
  await ticketing.tickets.create(actor, { subject: 'B', description: 'b', customerId: customer.id });
  await ticketing.attachments.add(actor, ticket.id, { filename: 'a.txt', contentType: 'text/plain', description: '', body: new Uint8Array([1]) });
  const app = new Hono().route('/api/ticketing', createTicketingRouter({ ticketing, authenticate: createBearerAuthenticator(store.directory), ...options }));
  const get = async (url: string) => {
    const res = await app.request(url, { headers: { Authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { get, ticket };
}

describe('absolute links and the Host header', () => {
  it('refuses a Host outside the allowed hosts with 400 {"detail": "Invalid host."}, on every route', async () => {
    const { get, ticket } = await api();
    for (const path of ['/api/ticketing/tickets/', '/api/ticketing/openapi.json', `/api/ticketing/attachments/?ticket=${ticket.id}`]) {
      expect(await get(`http://evil.example${path}`)).toEqual({ status: 400, body: { detail: 'Invalid host.' } });
    }
    for (const host of ['localhost:8000', '127.0.0.1', '[::1]:3000']) {
      expect((await get(`http://${host}/api/ticketing/tickets/`)).status).toBe(200);
    }
  });

  it('builds links from an allowed Host when there is no public URL', async () => {
    const { get, ticket } = await api({ allowedHosts: ['api.example.org'] });
    const page = await get('http://api.example.org:8080/api/ticketing/tickets/?page_size=1');
    expect(page.body.next).toBe('http://api.example.org:8080/api/ticketing/tickets/?page_size=1&page=2');
    const files = await get(`http://api.example.org:8080/api/ticketing/attachments/?ticket=${ticket.id}`);
    expect(JSON.stringify(files.body)).toContain('http://api.example.org:8080/api/ticketing/attachments/1/download/');
    expect((await get('http://localhost/api/ticketing/tickets/')).status).toBe(400);
  });

  it('takes every absolute link from the public URL whatever the Host says', async () => {
    const { get, ticket } = await api({ publicUrl: 'https://support.example.com/' });
    const page = await get('http://evil.example/api/ticketing/tickets/?page_size=1&page=2');
    expect(page.status).toBe(200);
    expect(page.body.previous).toBe('https://support.example.com/api/ticketing/tickets/?page_size=1');
    const files = await get(`http://evil.example/api/ticketing/attachments/?ticket=${ticket.id}`);
    expect((files.body.results as Array<{ download_url: string }>)[0]!.download_url).toBe(
      'https://support.example.com/api/ticketing/attachments/1/download/',
    );
    const doc = await get('http://evil.example/api/ticketing/openapi.json');
    expect(doc.body.servers).toEqual([{ url: 'https://support.example.com/api/ticketing' }]);
  });

  it('rejects a public URL that is not an absolute http(s) URL when the router is created', async () => {
    await expect(api({ publicUrl: 'support.example.com' })).rejects.toThrow(/publicUrl must be an absolute http\(s\) URL/u);
  });
});
