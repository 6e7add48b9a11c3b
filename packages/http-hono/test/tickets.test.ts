import { describe, expect, it } from 'vitest';
import { STORE_KINDS, useFixture } from './fixture.js';

describe.each(STORE_KINDS)('tickets API (%s store)', (kind) => {
  const f = useFixture(kind);

  it('creates a ticket from the seed payload and answers 201 with the full ticket', async () => {
    const res = await f.call(f.alice, 'POST', '/tickets/', {
      subject: 'Cannot login to account',
      description: 'User is experiencing login issues after password reset',
      priority: 'high',
      category: 'technical',
      customer: f.acme.id,
      assigned_to: f.bob.id,
      due_date: '2024-12-31T23:59:59Z',
      estimated_hours: 2.5,
      tags: 'login, authentication, urgent',
      status: 'closed',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: 1,
      ticket_number: 'TKT-000001',
      status: 'new',
      priority: 'high',
      category: 'technical',
      customer: f.acme.id,
      assigned_to: f.bob.id,
      created_by: f.alice.id,
      created_at: '2025-01-15T12:00:00Z',
      due_date: '2024-12-31T23:59:59Z',
      estimated_hours: 2.5,
      actual_hours: null,
      tags: 'login, authentication, urgent',
      tag_list: ['login', 'authentication', 'urgent'],
      version: 1,
      is_overdue: true,
      response_time_hours: null,
      customer_details: { id: f.acme.id, name: 'Acme Corp', email: 'ops@acme.test' },
      assigned_to_details: { id: f.bob.id, name: 'Bob', email: 'bob@example.test' },
      created_by_details: { id: f.alice.id, name: 'Alice', email: 'alice@example.test' },
      comments: [],
      attachments: [],
    });
    expect(res.body.history).toEqual([
      expect.objectContaining({ action: 'created', user: f.alice.id, ticket: 1, timestamp: '2025-01-15T12:00:00Z' }),
    ]);
  });

  it('validates create payloads field by field in DRF shape', async () => {
    const missing = await f.call(f.alice, 'POST', '/tickets/', { customer: f.acme.id });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ subject: ['This field is required.'], description: ['This field is required.'] });

    const bad = await f.call(f.alice, 'POST', '/tickets/', {
      subject: 'x',
      description: 'y',
      customer: f.acme.id,
      priority: 'extreme',
      category: 'nope',
      due_date: 'tomorrow',
      estimated_hours: -1,
      assigned_to: 'two',
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body).sort()).toEqual(['assigned_to', 'category', 'due_date', 'estimated_hours', 'priority']);
    expect(bad.body.priority).toEqual(['"extreme" is not a valid choice.']);

    const nul = await f.call(f.alice, 'POST', '/tickets/', { subject: 'a\u0000b', description: 'y', customer: f.acme.id });
    expect(nul.status).toBe(400);
    expect(Object.keys(nul.body)).toEqual(['subject']);
  });

  it('requires customer from staff and reports unknown body ids under their field', async () => {
    const noCustomer = await f.call(f.alice, 'POST', '/tickets/', { subject: 'a', description: 'b' });
    expect(noCustomer.status).toBe(400);
    expect(Object.keys(noCustomer.body)).toEqual(['customer']);

    const unknown = await f.call(f.alice, 'POST', '/tickets/', { subject: 'a', description: 'b', customer: 999 });
    expect(unknown.status).toBe(400);
    expect(Object.keys(unknown.body)).toEqual(['customer']);

    const badAssignee = await f.call(f.alice, 'POST', '/tickets/', { subject: 'a', description: 'b', customer: f.acme.id, assigned_to: 999 });
    expect(badAssignee.status).toBe(400);
    expect(Object.keys(badAssignee.body)).toEqual(['assigned_to']);
  });

  it('rejects malformed, non-object, mistyped and oversized bodies with 4xx, never 500', async () => {
    const malformed = await f.request(f.alice, 'POST', '/tickets/', '{"subject": ', { 'Content-Type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).detail).toMatch(/^JSON parse error/);

    const list = await f.call(f.alice, 'POST', '/tickets/', [1, 2]);
    expect(list.status).toBe(400);
    expect(list.body).toEqual({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });

    const wrongType = await f.request(f.alice, 'POST', '/tickets/', 'subject=a', { 'Content-Type': 'text/plain' });
    expect(wrongType.status).toBe(400);
    expect((await wrongType.json()).detail).toMatch(/Unsupported media type "text\/plain"/);

    const deep = await f.request(f.alice, 'POST', '/tickets/', `{"subject":${'['.repeat(5000)}${']'.repeat(5000)}}`, {
      'Content-Type': 'application/json',
    });
    expect(deep.status).toBe(400);

    const huge = await f.request(f.alice, 'POST', '/tickets/', JSON.stringify({ subject: 'a', description: 'x'.repeat(2_000_000) }), {
      'Content-Type': 'application/json',
    });
    expect(huge.status).toBe(413);
  });

  it('accepts form-encoded bodies as DRF does, coercing ids, hours and booleans', async () => {
    const urlencoded = new URLSearchParams({
      subject: 'From a form',
      description: 'Posted as application/x-www-form-urlencoded',
      customer: String(f.acme.id),
      assigned_to: '',
      estimated_hours: '2.5',
      tags: 'forms, legacy',
    });
    const created = await f.call(f.alice, 'POST', '/tickets/', urlencoded.toString(), { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ customer: f.acme.id, assigned_to: null, estimated_hours: 2.5, tag_list: ['forms', 'legacy'] });

    const multipart = new FormData();
    multipart.append('content', 'multipart comment');
    multipart.append('is_internal', 'true');
    const comment = await f.call(f.alice, 'POST', `/tickets/${created.body.id}/add_comment/`, multipart);
    expect(comment).toMatchObject({ status: 201, body: { is_internal: true, content: 'multipart comment' } });

    const bad = await f.call(f.alice, 'POST', `/tickets/${created.body.id}/assign/`, 'user_id=abc', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body)).toEqual(['user_id']);
  });

  it('serves detail with an ETag and 404 for unknown or malformed ids', async () => {
    const t = await f.ticket();
    const res = await f.call(f.alice, 'GET', `/tickets/${t.id}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body.id).toBe(t.id);
    const notModified = await f.request(f.alice, 'GET', `/tickets/${t.id}/`, undefined, { 'If-None-Match': '"1"' });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe('"1"');
    expect((await f.request(f.alice, 'GET', `/tickets/${t.id}/`, undefined, { 'If-None-Match': '"0"' })).status).toBe(200);
    for (const path of ['/tickets/999/', '/tickets/abc/', '/tickets/0/', '/tickets/1.5/']) {
      const missing = await f.call(f.alice, 'GET', path);
      expect(missing.status, path).toBe(404);
      expect(missing.body).toEqual({ detail: 'Not found.' });
    }
  });

  it('accepts every route with and without the trailing slash', async () => {
    const t = await f.ticket();
    for (const path of ['/tickets', '/tickets/', `/tickets/${t.id}`, `/tickets/${t.id}/`, '/tickets/statistics', '/comments', '/history', '/attachments']) {
      expect((await f.call(f.alice, 'GET', path)).status, path).toBe(200);
    }
    expect((await f.call(f.alice, 'POST', `/tickets/${t.id}/change_status`, { status: 'open' })).status).toBe(200);
  });

  it('PUT requires the required fields and keeps omitted optional ones; PATCH changes only what it names', async () => {
    const t = await f.ticket({ priority: 'high', tags: 'a, b', estimated_hours: 3 });
    const putMissing = await f.call(f.alice, 'PUT', `/tickets/${t.id}/`, { priority: 'low' });
    expect(putMissing.status).toBe(400);
    expect(putMissing.body).toEqual({ subject: ['This field is required.'], description: ['This field is required.'] });

    f.clock.advance(60_000);
    const put = await f.call(f.alice, 'PUT', `/tickets/${t.id}/`, { subject: 'New subject', description: 'New description' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ subject: 'New subject', priority: 'high', tags: 'a, b', estimated_hours: 3, version: 2 });
    expect(put.headers.get('etag')).toBe('"2"');

    const patch = await f.call(f.alice, 'PATCH', `/tickets/${t.id}/`, { status: 'in_progress', priority: 'urgent', actual_hours: 3.0 });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ status: 'in_progress', priority: 'urgent', actual_hours: 3, subject: 'New subject' });
    const actions = patch.body.history.map((h: { action: string; field_name: string }) => `${h.action}:${h.field_name}`);
    expect(actions).toEqual([
      'created:null',
      'updated:subject',
      'updated:description',
      'status_changed:status',
      'priority_changed:priority',
      'updated:actual_hours',
    ]);

    const badTransition = await f.call(f.alice, 'PATCH', `/tickets/${t.id}/`, { status: 'reopened' });
    expect(badTransition.status).toBe(400);
    expect(Object.keys(badTransition.body)).toEqual(['status']);
  });

  it('honours If-Match on PUT, PATCH, assign and change_status with 412', async () => {
    const t = await f.ticket();
    const ok = await f.call(f.alice, 'PATCH', `/tickets/${t.id}/`, { subject: 'v2' }, { 'If-Match': '"1"' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"2"');
    const stale = [
      await f.call(f.alice, 'PATCH', `/tickets/${t.id}/`, { subject: 'v3' }, { 'If-Match': '"1"' }),
      await f.call(f.alice, 'PUT', `/tickets/${t.id}/`, { subject: 'v3', description: 'd' }, { 'If-Match': '"1"' }),
      await f.call(f.alice, 'POST', `/tickets/${t.id}/assign/`, { user_id: f.bob.id }, { 'If-Match': 'W/"1"' }),
      await f.call(f.alice, 'POST', `/tickets/${t.id}/change_status/`, { status: 'open' }, { 'If-Match': '"1"' }),
      await f.call(f.alice, 'POST', `/tickets/${t.id}/change_status/`, { status: 'open' }, { 'If-Match': 'garbage' }),
    ];
    for (const res of stale) {
      expect(res.status).toBe(412);
      expect(typeof res.body.detail).toBe('string');
    }
    const detail = await f.call(f.alice, 'GET', `/tickets/${t.id}/`);
    expect(detail.body).toMatchObject({ subject: 'v2', status: 'new', assigned_to: null, version: 2 });
    const star = await f.call(f.alice, 'POST', `/tickets/${t.id}/change_status/`, { status: 'open' }, { 'If-Match': '*' });
    expect(star.status).toBe(200);
  });

  it('assigns, unassigns with null, and names user_id in errors', async () => {
    const t = await f.ticket();
    const assigned = await f.call(f.alice, 'POST', `/tickets/${t.id}/assign/`, { user_id: f.bob.id });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ assigned_to: f.bob.id, assigned_to_details: { name: 'Bob' } });
    expect(assigned.body.history.at(-1)).toMatchObject({ action: 'assigned', field_name: 'assigned_to', old_value: null, new_value: String(f.bob.id) });

    const unassigned = await f.call(f.alice, 'POST', `/tickets/${t.id}/assign/`, { user_id: null });
    expect(unassigned.status).toBe(200);
    expect(unassigned.body.assigned_to).toBeNull();
    expect(unassigned.body.history.at(-1).action).toBe('unassigned');

    expect((await f.call(f.alice, 'POST', `/tickets/${t.id}/assign/`, {})).body).toEqual({ user_id: ['This field is required.'] });
    const unknown = await f.call(f.alice, 'POST', `/tickets/${t.id}/assign/`, { user_id: 999 });
    expect(unknown.status).toBe(400);
    expect(Object.keys(unknown.body)).toEqual(['user_id']);
    expect((await f.call(f.alice, 'POST', '/tickets/999/assign/', { user_id: f.bob.id })).status).toBe(404);
  });

  it('changes status along the lifecycle and rejects illegal moves under "status"', async () => {
    const t = await f.ticket();
    f.clock.advance(2 * 3_600_000);
    const resolved = await f.call(f.alice, 'POST', `/tickets/${t.id}/change_status/`, { status: 'resolved' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolved_at: '2025-01-15T14:00:00Z', resolution_time_hours: 2 });
    const illegal = await f.call(f.alice, 'POST', `/tickets/${t.id}/change_status/`, { status: 'in_progress' });
    expect(illegal.status).toBe(400);
    expect(illegal.body).toEqual({ status: [expect.stringContaining('resolved')] });
    const unknown = await f.call(f.alice, 'POST', `/tickets/${t.id}/change_status/`, { status: 'done' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ status: ['"done" is not a valid choice.'] });
  });

  it('deletes with 204, then 404', async () => {
    const t = await f.ticket();
    const res = await f.request(f.alice, 'DELETE', `/tickets/${t.id}/`);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect((await f.call(f.alice, 'GET', `/tickets/${t.id}/`)).status).toBe(404);
    expect((await f.call(f.alice, 'DELETE', `/tickets/${t.id}/`)).status).toBe(404);
  });

  it('answers unknown paths with a DRF 404 and known paths under another method with 405', async () => {
    expect(await f.call(f.alice, 'GET', '/nope/')).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
    expect(await f.call(f.alice, 'GET', '/tickets/1/nope/')).toMatchObject({ status: 404 });
    const put = await f.call(f.alice, 'PUT', '/tickets/');
    expect(put).toMatchObject({ status: 405, body: { detail: 'Method "PUT" not allowed.' } });
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST');
    const get = await f.call(f.alice, 'GET', '/tickets/5/assign');
    expect(get).toMatchObject({ status: 405, body: { detail: 'Method "GET" not allowed.' } });
    expect(get.headers.get('allow')).toBe('POST');
    expect((await f.call(null, 'PUT', '/tickets/')).status).toBe(401);
  });
});
