import { Validator } from '@seriousme/openapi-schema-validator';
import { hc } from 'hono/client';
import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { z } from 'zod';
import { createOpenApiDocument, createTicketingRouter, type TicketingApp } from '../src/index.js';
import { documented, queryInput } from '../src/routes/operation.js';
import { createFixture, useFixture } from './fixture.js';

describe('openapi.json', () => {
  const f = useFixture('memory');

  it('is a public OpenAPI 3.1 document whose paths match the routes', async () => {
    const res = await f.call(null, 'GET', '/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.servers).toEqual([{ url: 'http://localhost/api/ticketing' }]);
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/attachments/',
        '/attachments/{id}/',
        '/attachments/{id}/download/',
        '/calendars/',
        '/calendars/{id}/',
        '/sla-policies/',
        '/sla-policies/{id}/',
        '/comments/',
        '/comments/{id}/',
        '/history/',
        '/history/{id}/',
        '/tickets/',
        '/tickets/my_tickets/',
        '/tickets/overdue/',
        '/tickets/percentiles/',
        '/tickets/statistics/',
        '/tickets/unassigned/',
        '/tickets/{id}/',
        '/tickets/{id}/add_attachment/',
        '/tickets/{id}/add_comment/',
        '/tickets/{id}/assign/',
        '/tickets/{id}/change_status/',
      ].sort(),
    );
    // Every $ref resolves, and every operation has a unique id.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const name = /#\/components\/schemas\/([^"]+)/.exec(ref)![1]!;
      expect(doc.components.schemas, ref).toHaveProperty(name);
    }
    const ids = Object.values(doc.paths).flatMap((p) => Object.values(p as Record<string, { operationId: string }>).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents exactly the routes the router registers', async () => {
    const { body: doc } = await f.call(null, 'GET', '/openapi.json');
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    const router = createTicketingRouter({ ticketing: f.ticketing, authenticate: () => null });
    const registered = [
      ...new Set(
        router.routes
          .filter((r) => r.method !== 'ALL' && r.path !== '/openapi.json')
          .map((r) => `${r.method} ${r.path.replace(/:id/g, '{id}').replace(/\/?$/, '/')}`),
      ),
    ].sort();
    expect(documented).toEqual(registered);
  });

  it('derives schemas from the zod validators', async () => {
    const { body: doc } = await f.call(null, 'GET', '/openapi.json');
    const create = doc.components.schemas.TicketCreate;
    expect(create.required.sort()).toEqual(['description', 'subject']);
    expect(create.properties.priority.enum).toEqual(['low', 'medium', 'high', 'urgent', 'critical']);
    expect(create.properties.category.enum).toContain('feature_request');
    expect(create.properties.subject.maxLength).toBe(255);
    expect(doc.components.schemas.Assign.required).toEqual(['user_id']);
    expect(doc.components.schemas.AttachmentUpload.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    const list = doc.paths['/tickets/'].get;
    const status = list.parameters.find((p: { name: string }) => p.name === 'status');
    expect(status.schema.enum).toContain('in_progress');
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['my_tickets', 'created_after', 'search', 'page', 'page_size', 'ordering']),
    );
    expect(doc.components.schemas.Ticket.required).toContain('ticket_number');
    expect(doc.paths['/tickets/{id}/'].patch.responses['412']).toBeDefined();
  });

  it('types query parameters by what their validators yield, due dates as date-time strings, and names a license', async () => {
    const { body: doc } = await f.call(null, 'GET', '/openapi.json');
    const param = (path: string, name: string) =>
      doc.paths[path].get.parameters.find((p: { name: string }) => p.name === name)?.schema;
    expect(param('/tickets/', 'page')).toEqual({ type: 'integer', minimum: 1 });
    expect(param('/tickets/', 'page_size')).toEqual({ type: 'integer', minimum: 1, maximum: 200 });
    expect(param('/tickets/', 'customer')).toEqual({ type: 'integer', minimum: 1 });
    expect(param('/tickets/statistics/', 'assigned_to')).toEqual({ type: 'integer', minimum: 1 });
    for (const name of ['my_tickets', 'unassigned', 'overdue']) expect(param('/tickets/', name)).toEqual({ type: 'boolean' });
    expect(param('/comments/', 'is_internal')).toEqual({ type: 'boolean' });
    expect(param('/history/', 'ticket')).toEqual({ type: 'integer', minimum: 1 });
    const dueDate = { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] };
    expect(doc.components.schemas.TicketCreate.properties.due_date).toEqual(dueDate);
    expect(doc.components.schemas.TicketPatch.properties.due_date).toEqual(dueDate);
    expect(doc.info.license).toEqual({ name: 'MIT', identifier: 'MIT' });
  });

  it('is generated from the registered routes: a route added to the router appears in the document', async () => {
    const router = createTicketingRouter({ ticketing: f.ticketing, authenticate: () => null });
    const before = createOpenApiDocument(router);
    expect(Object.keys(before.paths as object)).not.toContain('/extra/');
    router.get(
      '/extra',
      ...documented({ summary: 'An extra route', tag: 'tickets', ok: [200, 'Statistics'] }, [
        queryInput(z.object({ n: z.string().transform(Number).meta({ type: 'integer' }).optional() })),
        (c: Context) => c.json({}),
      ] as const),
    );
    const after = createOpenApiDocument(router) as { paths: Record<string, Record<string, { summary: string; parameters: unknown[] }>> };
    expect(after.paths['/extra/']!.get).toMatchObject({ summary: 'An extra route', parameters: [{ name: 'n', in: 'query', schema: { type: 'integer' } }] });
  });
});

describe('trailing slashes', () => {
  it('answers every route with and without the slash, in a host with strict routing', async () => {
    const f = await createFixture('memory');
    const t = await f.ticket();
    for (const path of ['/tickets', '/tickets/', `/tickets/${t.id}`, `/tickets/${t.id}/`, '/tickets/statistics', '/tickets/statistics/', '/history', '/history/']) {
      expect((await f.call(f.alice, 'GET', path)).status, path).toBe(200);
    }
    // Each route is registered once per spelling, not more.
    const router = createTicketingRouter({ ticketing: f.ticketing, authenticate: () => null });
    const gets = router.routes.filter((r) => r.method === 'GET' && /^\/tickets\/:id\/?$/.test(r.path)).map((r) => r.path);
    expect([...new Set(gets)].sort()).toEqual(['/tickets/:id', '/tickets/:id/']);
    await f.close();
  });
});

describe('typed client through hc', () => {
  it('calls the router with typed paths and bodies', async () => {
    const f = await createFixture('memory');
    const host = new Hono().route('/api/ticketing', createTicketingRouter({
      ticketing: f.ticketing,
      authenticate: () => ({ id: f.alice.id, role: 'staff' }),
    }));
    const client = hc<TicketingApp>('http://localhost/api/ticketing', {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => host.request(input as string, init),
    });
    const created = await client.tickets.$post({ json: { subject: 'Typed', description: 'via hc', customer: f.acme.id, tags: ['x'] } });
    expect(created.status).toBe(201);
    const ticket = await created.json();
    expect(ticket.ticket_number).toBe('TKT-000001');
    const list = await client.tickets.$get({ query: { status: 'new' } });
    const page = await list.json();
    expect(page.count).toBe(1);
    const detail = await client.tickets[':id'].$get({ param: { id: String(ticket.id) } });
    // Detail answers 200 or 304 (If-None-Match); the status narrows the body's type.
    if (detail.status !== 200) throw new Error(`unexpected ${detail.status}`);
    expect((await detail.json()).subject).toBe('Typed');
    // Every query parameter is optional, so a call needs no `{ query: {} }` (typechecked).
    const stats = await client.tickets.statistics.$get();
    expect((await stats.json()).total_tickets).toBe(1);
    const all = await client.tickets.$get();
    expect((await all.json()).count).toBe(1);
    await f.close();
  });
});
