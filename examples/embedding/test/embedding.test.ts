import { describe, expect, it } from 'vitest';
import { createHostApp } from '../src/host-app.js';

const as = (session: string | null, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(session && { Cookie: `session=${session}` }), ...(init.headers as Record<string, string>) },
});
const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('embedding in an existing Hono app', () => {
  it("serves the API under the host's prefix with the host's sessions", async () => {
    const { app } = createHostApp();
    const created = await app.request('/support/api/tickets/', as('agent-session', json({ subject: 'Hi', description: 'There', customer: 100 })));
    expect(created.status).toBe(201);
    const ticket = (await created.json()) as Record<string, unknown>;
    expect(ticket).toMatchObject({ created_by: 10, customer_details: { name: 'Acme Corp' }, created_by_details: { name: 'Sam Agent' } });

    const upload = new FormData();
    upload.append('file', new File(['log'], 'log.txt'));
    const attached = await app.request(`http://localhost/support/api/tickets/${ticket.id}/add_attachment/`, as('agent-session', { method: 'POST', body: upload }));
    expect(((await attached.json()) as { download_url: string }).download_url).toBe('http://localhost/support/api/attachments/1/download/');

    const client = await app.request('/support/api/tickets/', as('client-session'));
    expect(((await client.json()) as { count: number }).count).toBe(1);
    expect((await app.request('/support/api/tickets/', as(null))).status).toBe(401);
  });

  it("leaves the host's own routes alone", async () => {
    const { app } = createHostApp();
    expect(await (await app.request('/', as(null))).text()).toMatch(/^Welcome!/);
    expect((await app.request('/about', as(null))).status).toBe(200);
    expect((await app.request('/elsewhere', as(null))).status).toBe(404);
    expect(await (await app.request('/elsewhere', as(null))).text()).toBe('404 Not Found');
  });
});
