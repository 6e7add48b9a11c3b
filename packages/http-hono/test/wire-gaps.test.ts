import { describe, expect, it } from 'vitest';
import { STORE_KINDS, useFixture } from './fixture.js';

describe.each(STORE_KINDS)('DRF wire details (%s store)', (kind) => {
  const f = useFixture(kind);

  it('tells a missing header from a wrong token, both 401 with WWW-Authenticate: Bearer', async () => {
    const missing = await f.call(null, 'GET', '/tickets/');
    expect(missing).toMatchObject({ status: 401, body: { detail: 'Authentication credentials were not provided.' } });
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    for (const header of ['Bearer tsr_not-a-real-token', 'Bearer', 'Bearer two words']) {
      const wrong = await f.call(null, 'GET', '/tickets/', undefined, { Authorization: header });
      expect(wrong, header).toMatchObject({ status: 401, body: { detail: 'Invalid token.' } });
      expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    // Another scheme is not ours to judge: no credentials for this API.
    const basic = await f.call(null, 'GET', '/tickets/', undefined, { Authorization: 'Basic dXNlcjpwdw==' });
    expect(basic.body).toEqual({ detail: 'Authentication credentials were not provided.' });
  });

  it('marks every JSON answer nosniff, errors and the OpenAPI document included', async () => {
    const t = await f.ticket();
    const answers = [
      await f.request(f.alice, 'GET', '/tickets/'),
      await f.request(f.alice, 'GET', `/tickets/${t.id}/`),
      await f.request(f.alice, 'POST', '/tickets/', { subject: '' }),
      await f.request(null, 'GET', '/tickets/'),
      await f.request(f.alice, 'GET', '/nowhere/'),
      await f.request(f.alice, 'PUT', '/tickets/'),
      await f.request(null, 'GET', '/openapi.json'),
    ];
    for (const res of answers) {
      expect(res.headers.get('content-type'), res.url).toMatch(/^application\/json/);
      expect(res.headers.get('x-content-type-options'), `${res.status} ${res.url}`).toBe('nosniff');
    }
  });

  it('answers 404 for a write to an unknown or invisible ticket whatever the body holds', async () => {
    const globex = await f.ticket({ customer: f.globex.id });
    const acme = await f.ticket();
    const writes: Array<[string, string, unknown]> = [
      ['PATCH', '', { priority: 'nonsense', subject: '' }],
      ['PUT', '', {}],
      ['POST', 'assign/', { user_id: 'x' }],
      ['POST', 'change_status/', { status: 'exploded' }],
      ['POST', 'add_comment/', {}],
      ['POST', 'add_attachment/', new FormData()],
      ['PATCH', '', '{"not json'],
    ];
    for (const [method, action, body] of writes) {
      for (const [who, id] of [[f.alice, 999], [f.carol, globex.id]] as const) {
        const res = await f.call(who, method, `/tickets/${id}/${action}`, body, typeof body === 'string' ? { 'Content-Type': 'application/json' } : {});
        expect(res, `${method} /tickets/${id}/${action} as ${who.name}`).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
      }
      // The same body on a visible ticket is still the 400 it always was.
      expect((await f.call(f.alice, method, `/tickets/${acme.id}/${action}`, body, typeof body === 'string' ? { 'Content-Type': 'application/json' } : {})).status).toBe(400);
    }
    // Probing ids through another customer's ticket learns nothing (SPEC: visibility before body ids).
    const probe = await f.call(f.carol, 'PATCH', `/tickets/${globex.id}/`, { assigned_to: f.bob.id + 100 });
    expect(probe).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
  });
});
