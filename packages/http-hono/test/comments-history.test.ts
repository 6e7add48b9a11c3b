import { describe, expect, it } from 'vitest';
import { STORE_KINDS, useFixture } from './fixture.js';

describe.each(STORE_KINDS)('comments and history (%s store)', (kind) => {
  const f = useFixture(kind);

  it('adds comments through the ticket action and /comments/, answering 201', async () => {
    const t = await f.ticket();
    const viaAction = await f.call(f.alice, 'POST', `/tickets/${t.id}/add_comment/`, {
      content: 'Issue has been resolved by resetting the cache',
      is_internal: false,
    });
    expect(viaAction.status).toBe(201);
    expect(viaAction.body).toEqual({
      id: 1,
      ticket: t.id,
      author: f.alice.id,
      content: 'Issue has been resolved by resetting the cache',
      is_internal: false,
      created_at: '2025-01-15T12:00:00Z',
      updated_at: '2025-01-15T12:00:00Z',
    });
    const viaList = await f.call(f.alice, 'POST', '/comments/', { ticket: t.id, content: 'Following up with customer', is_internal: true });
    expect(viaList.status).toBe(201);
    expect(viaList.body).toMatchObject({ ticket: t.id, is_internal: true });
  });

  it('validates comment payloads', async () => {
    const t = await f.ticket();
    expect(await f.call(f.alice, 'POST', `/tickets/${t.id}/add_comment/`, {})).toMatchObject({ status: 400, body: { content: ['This field is required.'] } });
    expect(await f.call(f.alice, 'POST', `/tickets/${t.id}/add_comment/`, { content: '' })).toMatchObject({ status: 400, body: { content: ['This field may not be blank.'] } });
    expect((await f.call(f.alice, 'POST', `/tickets/${t.id}/add_comment/`, { content: 'x', is_internal: 'yes' })).body).toHaveProperty('is_internal');
    expect((await f.call(f.alice, 'POST', '/tickets/999/add_comment/', { content: 'x' })).status).toBe(404);
    const surrogate = await f.request(f.alice, 'POST', `/tickets/${t.id}/add_comment/`, '{"content": "broken \\ud800 pair"}', {
      'Content-Type': 'application/json',
    });
    expect(surrogate.status).toBe(400);
    expect(Object.keys(await surrogate.json())).toEqual(['content']);
    expect((await f.call(f.alice, 'GET', '/comments/?ticket=1%00')).status).toBe(400);
    const unknownTicket = await f.call(f.alice, 'POST', '/comments/', { ticket: 999, content: 'x' });
    expect(unknownTicket).toMatchObject({ status: 400, body: { ticket: ['Invalid pk "999" - object does not exist.'] } });
    expect((await f.call(f.alice, 'POST', '/comments/', { ticket: 'one', content: 'x' })).body).toHaveProperty('ticket');
  });

  it('lists comments with ?ticket and ?is_internal', async () => {
    const a = await f.ticket();
    const b = await f.ticket();
    await f.call(f.alice, 'POST', `/tickets/${a.id}/add_comment/`, { content: 'public a' });
    await f.call(f.alice, 'POST', `/tickets/${a.id}/add_comment/`, { content: 'internal a', is_internal: true });
    await f.call(f.alice, 'POST', `/tickets/${b.id}/add_comment/`, { content: 'public b' });
    const contents = async (q: string) => (await f.call(f.alice, 'GET', `/comments/${q}`)).body.results.map((c: { content: string }) => c.content);
    expect(await contents('')).toEqual(['public a', 'internal a', 'public b']);
    expect(await contents(`?ticket=${a.id}`)).toEqual(['public a', 'internal a']);
    expect(await contents('?is_internal=true')).toEqual(['internal a']);
    expect(await contents(`?is_internal=false&ticket=${b.id}`)).toEqual(['public b']);
    expect(await contents('?ticket=999')).toEqual([]);
    expect((await f.call(f.alice, 'GET', '/comments/?is_internal=1')).status).toBe(400);
    expect((await f.call(f.alice, 'GET', '/comments/?ticket=x')).body).toHaveProperty('ticket');
  });

  it('lists history with ?ticket and ?action, one row per changed field', async () => {
    const t = await f.ticket();
    const other = await f.ticket();
    await f.call(f.alice, 'PATCH', `/tickets/${t.id}/`, { priority: 'urgent', subject: 'Changed' });
    await f.call(f.alice, 'POST', `/tickets/${t.id}/change_status/`, { status: 'resolved' });
    await f.call(f.alice, 'POST', `/tickets/${t.id}/change_status/`, { status: 'resolved' });
    const rows = (await f.call(f.alice, 'GET', `/history/?ticket=${t.id}`)).body;
    expect(rows.count).toBe(4);
    const actions = rows.results.map((h: { action: string }) => h.action);
    expect(actions[0]).toBe('created');
    expect(actions.slice(1).sort()).toEqual(['priority_changed', 'status_changed', 'updated']);
    expect(rows.results.find((h: { action: string }) => h.action === 'priority_changed')).toMatchObject({
      ticket: t.id,
      user: f.alice.id,
      field_name: 'priority',
      old_value: 'medium',
      new_value: 'urgent',
      timestamp: '2025-01-15T12:00:00Z',
    });
    const status = await f.call(f.alice, 'GET', '/history/?action=status_changed');
    expect(status.body.results).toEqual([expect.objectContaining({ ticket: t.id, old_value: 'new', new_value: 'resolved' })]);
    expect((await f.call(f.alice, 'GET', `/history/?ticket=${other.id}`)).body.count).toBe(1);
    expect(await f.call(f.alice, 'GET', '/history/?action=exploded')).toMatchObject({ status: 400, body: { action: [expect.any(String)] } });
  });

  it('answers GET /comments/{id}/ under the list\'s visibility rules', async () => {
    const acme = await f.ticket();
    const globex = await f.ticket({ customer: f.globex.id });
    const visible = (await f.call(f.alice, 'POST', `/tickets/${acme.id}/add_comment/`, { content: 'public' })).body;
    const internal = (await f.call(f.alice, 'POST', `/tickets/${acme.id}/add_comment/`, { content: 'note', is_internal: true })).body;
    const foreign = (await f.call(f.alice, 'POST', `/tickets/${globex.id}/add_comment/`, { content: 'globex' })).body;
    expect(await f.call(f.alice, 'GET', `/comments/${internal.id}/`)).toMatchObject({ status: 200, body: internal });
    expect(await f.call(f.carol, 'GET', `/comments/${visible.id}/`)).toMatchObject({ status: 200, body: visible });
    expect((await f.call(f.carol, 'GET', `/comments/${visible.id}`)).status).toBe(200);
    for (const [who, id] of [[f.carol, internal.id], [f.carol, foreign.id], [f.alice, 999], [f.alice, 'x']] as const) {
      expect(await f.call(who, 'GET', `/comments/${id}/`)).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
    }
  });

  it('answers GET /history/{id}/ under the list\'s visibility rules; writes to it are 405', async () => {
    const acme = await f.ticket();
    const globex = await f.ticket({ customer: f.globex.id });
    await f.call(f.alice, 'POST', `/tickets/${acme.id}/add_comment/`, { content: 'note', is_internal: true });
    const rows = (await f.call(f.alice, 'GET', `/history/?ticket=${acme.id}`)).body.results;
    const [created, internal] = rows as Array<{ id: number; action: string }>;
    expect(internal!.action).toBe('comment_added');
    const foreign = (await f.call(f.alice, 'GET', `/history/?ticket=${globex.id}`)).body.results[0];
    expect(await f.call(f.alice, 'GET', `/history/${internal!.id}/`)).toMatchObject({ status: 200, body: internal });
    expect(await f.call(f.carol, 'GET', `/history/${created!.id}/`)).toMatchObject({ status: 200, body: created });
    for (const [who, id] of [[f.carol, internal!.id], [f.carol, foreign.id], [f.alice, 999]] as const) {
      expect(await f.call(who, 'GET', `/history/${id}/`)).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
    }
    for (const [method, path] of [['POST', '/history/'], ['PUT', `/history/${created!.id}/`], ['PATCH', `/history/${created!.id}/`], ['DELETE', `/history/${created!.id}/`]]) {
      const res = await f.call(f.alice, method!, path!, {});
      expect(res, `${method} ${path}`).toMatchObject({ status: 405, body: { detail: `Method "${method}" not allowed.` } });
      expect(res.headers.get('allow')).toContain('GET');
    }
  });
});
