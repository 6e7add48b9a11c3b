import { beforeEach, describe, expect, it } from 'vitest';
import { STORE_KINDS, useFixture } from './fixture.js';

/** Every endpoint of the router, with a body where one is needed. */
function endpoints(ticketId: number, attachmentId: number): Array<[string, string, unknown?]> {
  const upload = new FormData();
  upload.append('file', new File(['x'], 'x.txt'));
  return [
    ['GET', '/tickets/'],
    ['POST', '/tickets/', { subject: 'a', description: 'b', customer: 1 }],
    ['GET', '/tickets/my_tickets/'],
    ['GET', '/tickets/unassigned/'],
    ['GET', '/tickets/overdue/'],
    ['GET', '/tickets/statistics/'],
    ['GET', `/tickets/${ticketId}/`],
    ['PUT', `/tickets/${ticketId}/`, { subject: 'a', description: 'b' }],
    ['PATCH', `/tickets/${ticketId}/`, { subject: 'a' }],
    ['DELETE', `/tickets/${ticketId}/`],
    ['POST', `/tickets/${ticketId}/assign/`, { user_id: null }],
    ['POST', `/tickets/${ticketId}/change_status/`, { status: 'open' }],
    ['POST', `/tickets/${ticketId}/add_comment/`, { content: 'x' }],
    ['POST', `/tickets/${ticketId}/add_attachment/`, upload],
    ['GET', '/comments/'],
    ['POST', '/comments/', { ticket: ticketId, content: 'x' }],
    ['GET', '/attachments/'],
    ['POST', '/attachments/', upload],
    ['GET', `/attachments/${attachmentId}/`],
    ['GET', `/attachments/${attachmentId}/download/`],
    ['DELETE', `/attachments/${attachmentId}/`],
    ['GET', '/history/'],
  ];
}

describe.each(STORE_KINDS)('authentication and roles (%s store)', (kind) => {
  const f = useFixture(kind);
  let acmeTicket: { id: number };
  let globexTicket: { id: number };
  let globexAttachment: number;
  beforeEach(async () => {
    acmeTicket = await f.ticket({ subject: 'Acme problem' });
    globexTicket = await f.ticket({ subject: 'Globex secret', customer: f.globex.id });
    await f.call(f.alice, 'POST', `/tickets/${acmeTicket.id}/add_comment/`, { content: 'internal note', is_internal: true });
    await f.call(f.alice, 'POST', `/tickets/${acmeTicket.id}/add_comment/`, { content: 'public reply' });
    await f.call(f.alice, 'POST', `/tickets/${globexTicket.id}/add_comment/`, { content: 'globex reply' });
    const up = new FormData();
    up.append('file', new File(['secret'], 'globex.txt'));
    globexAttachment = (await f.call(f.alice, 'POST', `/tickets/${globexTicket.id}/add_attachment/`, up)).body.id;
  });

  it('answers 401 with WWW-Authenticate on every endpoint without (or with a bad) token', async () => {
    for (const [method, path, body] of endpoints(acmeTicket.id, globexAttachment)) {
      for (const who of [null, { token: 'tsr_wrong' }]) {
        const res = await f.call(who, method, path, body);
        expect(res.status, `${method} ${path}`).toBe(401);
        // A missing header and a wrong token are told apart, as DRF's TokenAuthentication does.
        expect(res.body).toEqual({ detail: who ? 'Invalid token.' : 'Authentication credentials were not provided.' });
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    }
    expect((await f.call(f.alice, 'GET', `/tickets/${acmeTicket.id}/`)).body.subject).toBe('Acme problem');
  });

  it("never shows a customer another customer's ticket: 404 on every id endpoint", async () => {
    const id = globexTicket.id;
    // Every endpoint with a ticket or attachment id in its path, on Globex's.
    const attempts = endpoints(id, globexAttachment).filter(([, path]) => /\/\d+\//u.test(path));
    expect(attempts).toHaveLength(11);
    for (const [method, path, body] of attempts) {
      const res = await f.call(f.carol, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toEqual({ detail: 'Not found.' });
    }
    expect((await f.call(f.carol, 'POST', '/comments/', { ticket: id, content: 'x' })).status).toBe(400);
    expect((await f.call(f.alice, 'GET', `/tickets/${id}/`)).body).toMatchObject({ subject: 'Globex secret', version: 1 });
  });

  it("scopes every list, count and history row to the customer's own tickets and public comments", async () => {
    const tickets = await f.call(f.carol, 'GET', '/tickets/');
    expect(tickets.body.count).toBe(1);
    expect(tickets.body.results[0].id).toBe(acmeTicket.id);
    expect((await f.call(f.carol, 'GET', `/tickets/?customer=${f.globex.id}`)).body.count).toBe(0);
    expect((await f.call(f.carol, 'GET', '/tickets/?search=globex')).body.count).toBe(0);
    expect((await f.call(f.carol, 'GET', '/tickets/statistics/')).body.total_tickets).toBe(1);

    const comments = await f.call(f.carol, 'GET', '/comments/');
    expect(comments.body.results.map((c: { content: string }) => c.content)).toEqual(['public reply']);
    expect((await f.call(f.carol, 'GET', '/comments/?is_internal=true')).body.count).toBe(0);
    expect((await f.call(f.carol, 'GET', `/comments/?ticket=${globexTicket.id}`)).body.count).toBe(0);

    expect((await f.call(f.carol, 'GET', '/attachments/')).body.count).toBe(0);
    const history = await f.call(f.carol, 'GET', '/history/');
    expect(history.body.results.every((h: { ticket: number }) => h.ticket === acmeTicket.id)).toBe(true);
    expect(history.body.results.filter((h: { action: string }) => h.action === 'comment_added')).toHaveLength(1);

    const detail = await f.call(f.carol, 'GET', `/tickets/${acmeTicket.id}/`);
    expect(detail.body.comments.map((c: { content: string }) => c.content)).toEqual(['public reply']);
    expect(detail.body.history.filter((h: { action: string }) => h.action === 'comment_added')).toHaveLength(1);

    // Dave (Globex) sees only Globex.
    expect((await f.call(f.dave, 'GET', '/tickets/')).body.results.map((t: { id: number }) => t.id)).toEqual([globexTicket.id]);
  });

  it('forbids customers staff-only actions with 403 and allows their own edits', async () => {
    const id = acmeTicket.id;
    const forbidden: Array<[string, string, unknown]> = [
      ['POST', `/tickets/${id}/assign/`, { user_id: f.bob.id }],
      ['PATCH', `/tickets/${id}/`, { priority: 'critical' }],
      ['PATCH', `/tickets/${id}/`, { customer: f.globex.id }],
      ['POST', '/tickets/', { subject: 'a', description: 'b', customer: f.globex.id }],
      ['POST', `/tickets/${id}/add_comment/`, { content: 'sneaky', is_internal: true }],
    ];
    for (const [method, path, body] of forbidden) {
      const res = await f.call(f.carol, method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(403);
      expect(typeof res.body.detail).toBe('string');
      expect(res.body.detail).not.toMatch(/[a-z][A-Z]/);
    }
    expect((await f.call(f.carol, 'DELETE', `/tickets/${id}/`)).status).toBe(403);

    const own = await f.call(f.carol, 'POST', '/tickets/', { subject: 'My own', description: 'Filed by a customer' });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ customer: f.acme.id, created_by: f.carol.id, status: 'new' });
    expect((await f.call(f.carol, 'PATCH', `/tickets/${id}/`, { subject: 'Clarified' })).status).toBe(200);
    expect((await f.call(f.carol, 'POST', `/tickets/${id}/change_status/`, { status: 'closed' })).status).toBe(200);
    expect((await f.call(f.carol, 'POST', `/tickets/${id}/add_comment/`, { content: 'thanks' })).status).toBe(201);
    expect((await f.call(f.carol, 'GET', '/tickets/my_tickets/')).body.results.map((t: { id: number }) => t.id)).toEqual([own.body.id]);
  });

  it('lets a customer remove only attachments they uploaded', async () => {
    const upload = () => {
      const data = new FormData();
      data.append('file', new File(['x'], 'x.txt'));
      return data;
    };
    const mine = await f.call(f.carol, 'POST', `/tickets/${acmeTicket.id}/add_attachment/`, upload());
    const staffs = await f.call(f.alice, 'POST', `/tickets/${acmeTicket.id}/add_attachment/`, upload());
    expect(mine.body.uploaded_by).toBe(f.carol.id);
    expect((await f.call(f.carol, 'DELETE', `/attachments/${staffs.body.id}/`)).status).toBe(403);
    expect((await f.request(f.carol, 'DELETE', `/attachments/${mine.body.id}/`)).status).toBe(204);
    expect((await f.call(f.alice, 'GET', `/attachments/?ticket=${acmeTicket.id}`)).body.results.map((a: { id: number }) => a.id)).toEqual([staffs.body.id]);
  });
});
