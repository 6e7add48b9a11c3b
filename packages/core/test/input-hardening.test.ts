import { describe, expect, it } from 'vitest';
import { NotFoundError, parseDateTime, ValidationError } from '../src/index.js';
import { setup } from './fixtures.js';

const base = { subject: 'Printer', description: 'On fire' };

describe('input hardening', () => {
  it('refuses a description that is blank after trimming, on create and on edit', async () => {
    const { ticketing, alice, acme } = await setup();
    await expect(ticketing.tickets.create(alice, { ...base, description: '   ', customerId: acme.id })).rejects.toMatchObject({
      issues: { description: [{ code: 'blank' }] },
    });
    const t = await ticketing.tickets.create(alice, { ...base, customerId: acme.id });
    await expect(ticketing.tickets.patch(alice, t.id, { description: ' \n ' })).rejects.toMatchObject({
      issues: { description: [{ code: 'blank' }] },
    });
    // Leading and trailing whitespace around real text is kept as written.
    expect((await ticketing.tickets.patch(alice, t.id, { description: '\nstack trace\n' })).description).toBe('\nstack trace\n');
  });

  it('accepts due dates in years 0001–9999 only, and keeps early years exact', async () => {
    const { ticketing, alice, acme } = await setup();
    for (const dueDate of ['0001-01-01T00:00:00+14:00', '0000-12-31T23:00:00Z', '9999-12-31T23:00:00-01:00', new Date('+010000-01-01T00:00:00Z')]) {
      await expect(ticketing.tickets.create(alice, { ...base, customerId: acme.id, dueDate }), String(dueDate)).rejects.toMatchObject({
        issues: { dueDate: [{ code: 'date_out_of_range' }] },
      });
    }
    const early = await ticketing.tickets.create(alice, { ...base, customerId: acme.id, dueDate: '0001-01-01T00:00:00Z' });
    expect(early.dueDate?.toISOString()).toBe('0001-01-01T00:00:00.000Z');
    const late = await ticketing.tickets.create(alice, { ...base, customerId: acme.id, dueDate: '0099-12-31 23:59' });
    expect(late.dueDate?.toISOString()).toBe('0099-12-31T23:59:00.000Z');
  });

  it('has one date grammar for due dates and filters', () => {
    const ok = (text: string) => {
      const r = parseDateTime(text);
      return r.ok ? r.date.toISOString() : r.issue.code;
    };
    expect(ok('2025-03-01')).toBe('2025-03-01T00:00:00.000Z');
    expect(ok('2025-03-01T10:30')).toBe('2025-03-01T10:30:00.000Z');
    expect(ok('2025-03-01 10:30:15.5+02:00')).toBe('2025-03-01T08:30:15.500Z');
    expect(ok('2025-03-01T10:30:00-0530')).toBe('2025-03-01T16:00:00.000Z');
    expect(ok('2025-02-30')).toBe('invalid_datetime');
    expect(ok('2025-03-01T24:00')).toBe('invalid_datetime');
    expect(ok('yesterday')).toBe('invalid_datetime');
    const end = parseDateTime('2025-03-01', 'end');
    expect(end.ok && end.date.toISOString()).toBe('2025-03-01T23:59:59.999Z');
  });

  it('bounds search to 32 terms', async () => {
    const { ticketing, alice } = await setup();
    const terms = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`).join(' ');
    await expect(ticketing.tickets.list(alice, { search: terms(32) })).resolves.toMatchObject({ count: 0 });
    await expect(ticketing.tickets.list(alice, { search: terms(33) })).rejects.toMatchObject({
      issues: { search: [{ code: 'too_many_terms', params: { max: 32 } }] },
    });
    await expect(ticketing.tickets.statistics(alice, { search: terms(40) })).rejects.toBeInstanceOf(ValidationError);
  });

  it("answers NotFound on another customer's ticket before resolving any id in the input", async () => {
    const { ticketing, store, alice, carol, dave, globex } = await setup();
    const t = await ticketing.tickets.create(alice, { ...base, customerId: globex.id });
    let lookups = 0;
    const dir = store.directory;
    const { getUsers, getCustomers } = dir;
    dir.getUsers = async (ids) => ((lookups += 1), getUsers.call(dir, ids));
    dir.getCustomers = async (ids) => ((lookups += 1), getCustomers.call(dir, ids));
    for (const input of [{ assignedToId: dave.id }, { assignedToId: 999 }, { customerId: 999 }, { subject: '' }]) {
      await expect(ticketing.tickets.patch(carol, t.id, input), JSON.stringify(input)).rejects.toBeInstanceOf(NotFoundError);
      await expect(ticketing.tickets.update(carol, t.id, { ...base, ...input })).rejects.toBeInstanceOf(NotFoundError);
    }
    expect(lookups).toBe(0);
    await expect(ticketing.tickets.patch(alice, 9999, { subject: '', assignedToId: 999 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(ticketing.tickets.changeStatus(alice, 9999, 'bogus' as never)).rejects.toBeInstanceOf(NotFoundError);
    await expect(ticketing.comments.add(alice, 9999, { content: '' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reports every invalid field in one ValidationError, unknown ids included', async () => {
    const { ticketing, alice, carol, acme } = await setup();
    const t = await ticketing.tickets.create(alice, { ...base, customerId: acme.id });
    const patch = await ticketing.tickets
      .patch(alice, t.id, { subject: '', assignedToId: 999, customerId: 998, estimatedHours: -1 })
      .catch((e: unknown) => e);
    expect(patch).toBeInstanceOf(ValidationError);
    expect((patch as ValidationError).issues).toEqual({
      subject: [{ code: 'blank' }],
      estimatedHours: [{ code: 'min_value', params: { min: 0 } }],
      customerId: [{ code: 'does_not_exist', params: { pk: 998 } }],
      assignedToId: [{ code: 'does_not_exist', params: { pk: 999 } }],
    });
    const create = await ticketing.tickets
      .create(alice, { subject: 'x', description: '', customerId: 998, assignedToId: carol.id, category: 'nope' })
      .catch((e: unknown) => e);
    expect((create as ValidationError).issues).toEqual({
      description: [{ code: 'blank' }],
      category: [{ code: 'invalid_choice', params: { input: 'nope' } }],
      customerId: [{ code: 'does_not_exist', params: { pk: 998 } }],
      assignedToId: [{ code: 'not_staff', params: { pk: carol.id } }],
    });
  });
});
