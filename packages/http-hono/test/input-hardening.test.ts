import { describe, expect, it } from 'vitest';
import { useFixture } from './fixture.js';

/** Bad-input and id-probing findings from the outside probe, each on the wire. */
describe('input hardening on the wire', () => {
  const f = useFixture('memory');

  const base = () => ({ subject: 'Printer', description: 'On fire', customer: f.acme.id });

  it('refuses a description of only whitespace', async () => {
    const created = await f.call(f.alice, 'POST', '/tickets/', { ...base(), description: '   ' });
    expect(created).toMatchObject({ status: 400, body: { description: ['This field may not be blank.'] } });
    const t = await f.ticket();
    const patched = await f.call(f.alice, 'PATCH', `/tickets/${t.id}/`, { description: '\n\t ' });
    expect(patched).toMatchObject({ status: 400, body: { description: ['This field may not be blank.'] } });
  });

  it('refuses due dates outside years 0001–9999 and keeps the edges exactly', async () => {
    for (const due of ['0001-01-01T00:00:00+14:00', '0000-12-31T23:00:00Z', '9999-12-31T23:30:00-01:00']) {
      const res = await f.call(f.alice, 'POST', '/tickets/', { ...base(), due_date: due });
      expect(res.status, due).toBe(400);
      expect(Object.keys(res.body), due).toEqual(['due_date']);
    }
    for (const [due, wire] of [
      ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00Z'],
      ['0099-06-01', '0099-06-01T00:00:00Z'],
      ['9999-12-31T23:59:59Z', '9999-12-31T23:59:59Z'],
    ] as const) {
      const res = await f.call(f.alice, 'POST', '/tickets/', { ...base(), due_date: due });
      expect(res.status, due).toBe(201);
      expect(res.body.due_date).toBe(wire);
    }
  });

  it('bounds search to 32 terms', async () => {
    const terms = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`).join(' ');
    expect((await f.call(f.alice, 'GET', `/tickets/?search=${terms(32)}`)).status).toBe(200);
    const many = await f.call(f.alice, 'GET', `/tickets/?search=${terms(33)}`);
    expect(many.status).toBe(400);
    expect(Object.keys(many.body)).toEqual(['search']);
  });

  it("answers 404 on another customer's ticket before resolving any id in the body", async () => {
    const globexTicket = await f.call(f.alice, 'POST', '/tickets/', { ...base(), customer: f.globex.id });
    const id = globexTicket.body.id as number;
    for (const body of [{ assigned_to: f.carol.id }, { assigned_to: 999 }, { customer: 999 }, { subject: '' }]) {
      expect(await f.call(f.carol, 'PATCH', `/tickets/${id}/`, body), JSON.stringify(body)).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
    }
    expect(await f.call(f.alice, 'PUT', '/tickets/9999/', { subject: '' })).toMatchObject({ status: 404 });
  });

  it('reports every invalid field in one 400, unknown ids included', async () => {
    const t = await f.ticket();
    const res = await f.call(f.alice, 'PATCH', `/tickets/${t.id}/`, { subject: '', assigned_to: 999, customer: 998, estimated_hours: -1 });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      subject: ['This field may not be blank.'],
      estimated_hours: ['Ensure this value is greater than or equal to 0.'],
      customer: ['Invalid pk "998" - object does not exist.'],
      assigned_to: ['Invalid pk "999" - object does not exist.'],
    });
    const created = await f.call(f.alice, 'POST', '/tickets/', { subject: 'x', description: '', customer: 998, assigned_to: f.carol.id });
    expect(created.body).toEqual({
      description: ['This field may not be blank.'],
      customer: ['Invalid pk "998" - object does not exist.'],
      assigned_to: [`User ${f.carol.id} is not a staff user.`],
    });
  });

  it('words assign errors under user_id from their codes', async () => {
    const t = await f.ticket();
    expect(await f.call(f.alice, 'POST', `/tickets/${t.id}/assign/`, { user_id: 999 })).toMatchObject({
      status: 400,
      body: { user_id: ['Invalid pk "999" - object does not exist.'] },
    });
    expect(await f.call(f.alice, 'POST', `/tickets/${t.id}/assign/`, { user_id: f.carol.id })).toMatchObject({
      status: 400,
      body: { user_id: [`User ${f.carol.id} is not a staff user.`] },
    });
  });
});
