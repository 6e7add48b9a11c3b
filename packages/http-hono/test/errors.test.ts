import { ConflictError, createMemoryStore, createTicketing, PayloadTooLargeError, StoreError, type Ticketing } from '@tessera/core';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createTicketingRouter } from '../src/index.js';

/** A router whose `tickets.list` throws `error`. */
function failingApp(error: unknown) {
  const logged: unknown[] = [];
  const ticketing = createTicketing({ store: createMemoryStore() });
  const broken: Ticketing = { ...ticketing, tickets: { ...ticketing.tickets, list: async () => Promise.reject(error) } };
  const app = new Hono().route(
    '/api',
    createTicketingRouter({ ticketing: broken, authenticate: () => ({ id: 1, role: 'staff' }), logError: (e) => logged.push(e) }),
  );
  return { app, logged };
}

describe('error mapping', () => {
  it('turns unknown errors into a 500 that leaks nothing and is logged', async () => {
    const secret = new Error('SQLITE_CORRUPT at /var/lib/secret/tessera.db');
    const { app, logged } = failingApp(secret);
    const res = await app.request('/api/tickets/');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ detail: 'Internal server error.' });
    expect(text).not.toContain('secret');
    expect(logged).toEqual([secret]);
  });

  it('maps store failures to 500 and the remaining typed errors to their statuses', async () => {
    const cases: Array<[unknown, number, unknown]> = [
      [new StoreError('disk full'), 500, { detail: 'Internal server error.' }],
      [new ConflictError('Someone else saved first.', 'conflict'), 409, { detail: 'Someone else saved first.' }],
      [new ConflictError('Changed since you read it.', 'precondition', 4), 412, { detail: 'Changed since you read it.' }],
      [new PayloadTooLargeError(10), 413, { detail: 'File exceeds the upload limit of 10 bytes.' }],
    ];
    for (const [error, status, body] of cases) {
      const res = await failingApp(error).app.request('/api/tickets/');
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual(body);
    }
    const precondition = await failingApp(new ConflictError('x', 'precondition', 4)).app.request('/api/tickets/');
    expect(precondition.headers.get('etag')).toBe('"4"');
  });

  it('counts an undeclared (chunked) JSON body as it streams and refuses it past the limit', async () => {
    const ticketing = createTicketing({ store: createMemoryStore() });
    const app = new Hono().route('/api', createTicketingRouter({ ticketing, authenticate: () => ({ id: 1, role: 'staff' }), maxJsonBytes: 1000 }));
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 256;
        controller.enqueue(new TextEncoder().encode(' '.repeat(256)));
      },
    });
    const res = await app.request(
      new Request('http://localhost/api/tickets/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, duplex: 'half' } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(2000);
  });
});
