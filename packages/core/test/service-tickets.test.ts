import { describe, expect, it } from 'vitest';
import { ConflictError, createTicketing, InvalidPageError, InvalidTransitionError, ValidationError } from '../src/index.js';
import { setup } from './fixtures.js';

const base = { subject: 'Cannot login', description: 'After password reset', customerId: 1 };

describe('tickets.create', () => {
  it('numbers tickets, starts them new, normalises tags and writes exactly one created row', async () => {
    const { ticketing, alice, acme } = await setup();
    const t = await ticketing.tickets.create(alice, {
      ...base,
      customerId: acme.id,
      priority: 'high',
      category: 'technical',
      tags: 'Login, authentication, login',
      estimatedHours: 2.5,
      dueDate: '2024-12-31T23:59:59Z',
    });
    expect(t.ticketNumber).toBe('TKT-000001');
    expect(t.status).toBe('new');
    expect(t.tags).toEqual(['login', 'authentication']);
    expect(t.estimatedHours).toBe(2.5);
    expect(t.dueDate).toEqual(new Date('2024-12-31T23:59:59Z'));
    expect(t.version).toBe(1);
    expect(t.customerDetails).toEqual({ id: acme.id, name: 'Acme', email: 'ops@acme.test' });
    expect(t.createdByDetails?.name).toBe('Alice');
    const history = await ticketing.history.list(alice, { ticketId: t.id });
    expect(history.results.map((h) => h.action)).toEqual(['created']);
  });

  it('rejects bad input with per-field messages and burns no number', async () => {
    const { ticketing, alice, acme } = await setup();
    const error = await ticketing.tickets
      .create(alice, { subject: '', description: 'x', customerId: acme.id, priority: 'extreme' as never, estimatedHours: -1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fields).sort()).toEqual(['estimatedHours', 'priority', 'subject']);
    await expect(ticketing.tickets.create(alice, { subject: 's', description: 'd' })).rejects.toMatchObject({
      issues: { customerId: [{ code: 'required' }] },
    });
    await expect(ticketing.tickets.create(alice, { ...base, customerId: 999 })).rejects.toMatchObject({
      issues: { customerId: [{ code: 'does_not_exist', params: { pk: 999 } }] },
    });
    await expect(ticketing.tickets.create(alice, { ...base, customerId: acme.id, category: 'nope' })).rejects.toBeInstanceOf(ValidationError);
    await expect(ticketing.tickets.create(alice, { ...base, customerId: acme.id, subject: 'a\u0000b' })).rejects.toMatchObject({
      issues: { subject: [{ code: 'unsafe_text' }] },
    });
    const ok = await ticketing.tickets.create(alice, { ...base, customerId: acme.id });
    expect(ok.ticketNumber).toBe('TKT-000001');
  });

  it('looks people up once: the checks and the view share one lookup of the customer, assignee and creator', async () => {
    const calls: string[] = [];
    const { alice, bob, carol, acme, store, clock } = await setup();
    const counted = {
      ...store.directory,
      getUsers: (ids: readonly number[]) => (calls.push(`users ${[...ids].sort().join(',')}`), store.directory.getUsers(ids)),
      getCustomers: (ids: readonly number[]) => (calls.push(`customers ${ids.join(',')}`), store.directory.getCustomers(ids)),
      getPeople: (ids: { users: readonly number[]; customers: readonly number[] }) => (
        calls.push(`people ${[...ids.users].sort().join(',')} / ${ids.customers.join(',')}`), store.directory.getPeople!(ids)
      ),
    };
    const counting = createTicketing({ store, clock, directory: counted });
    const t = await counting.tickets.create(alice, { ...base, customerId: acme.id, assignedToId: bob.id });
    expect(calls).toEqual([`people ${[alice.id, bob.id].sort().join(',')} / ${acme.id}`]);
    expect(t.assignedToDetails?.name).toBe('Bob');
    expect(t.createdByDetails?.name).toBe('Alice');
    expect(t.customerDetails?.name).toBe('Acme');
    // A missing assignee is still reported, and a non-staff one refused, from the same lookup.
    calls.length = 0;
    await expect(counting.tickets.create(alice, { ...base, customerId: acme.id, assignedToId: 999 })).rejects.toMatchObject({
      issues: { assignedToId: [{ code: 'does_not_exist', params: { pk: 999 } }] },
    });
    await expect(counting.tickets.create(alice, { ...base, customerId: acme.id, assignedToId: carol.id })).rejects.toMatchObject({
      issues: { assignedToId: [{ code: 'not_staff' }] },
    });
    expect(calls).toHaveLength(2);
  });

  it('ignores a status in the create payload', async () => {
    const { ticketing, alice, acme } = await setup();
    const t = await ticketing.tickets.create(alice, { ...base, customerId: acme.id, status: 'closed' } as never);
    expect(t.status).toBe('new');
  });
});

describe('tickets.patch / update', () => {
  it('writes one history row per changed field with string values, and nothing for a no-op', async () => {
    const { ticketing, alice, bob, acme, clock } = await setup();
    const t = await ticketing.tickets.create(alice, { ...base, customerId: acme.id });
    clock.advanceHours(1);
    const updated = await ticketing.tickets.patch(alice, t.id, {
      status: 'in_progress',
      priority: 'urgent',
      actualHours: 3,
      assignedToId: bob.id,
      tags: ['a', 'B'],
    });
    expect(updated.version).toBe(2);
    expect(updated.updatedAt).toEqual(clock.now());
    const rows = (await ticketing.history.list(alice, { ticketId: t.id })).results.slice(1);
    expect(rows.map((r) => [r.action, r.fieldName, r.oldValue, r.newValue])).toEqual([
      ['status_changed', 'status', 'new', 'in_progress'],
      ['priority_changed', 'priority', 'medium', 'urgent'],
      ['assigned', 'assigned_to', null, String(bob.id)],
      ['updated', 'actual_hours', null, '3'],
      ['updated', 'tags', '', 'a, b'],
    ]);
    const again = await ticketing.tickets.patch(alice, t.id, { priority: 'urgent', actualHours: 3 });
    expect(again.version).toBe(2);
    expect((await ticketing.history.list(alice, { ticketId: t.id })).count).toBe(6);
  });

  it('entering resolved writes only the status row and sets resolvedAt; metrics follow', async () => {
    const { ticketing, alice, acme, clock } = await setup();
    const t = await ticketing.tickets.create(alice, { ...base, customerId: acme.id });
    clock.advanceHours(5);
    const resolved = await ticketing.tickets.changeStatus(alice, t.id, 'resolved');
    expect(resolved.resolvedAt).toEqual(clock.now());
    expect(resolved.resolutionTimeHours).toBe(5);
    const rows = (await ticketing.history.list(alice, { ticketId: t.id, action: 'status_changed' })).results;
    expect(rows).toHaveLength(1);
    await expect(ticketing.tickets.changeStatus(alice, t.id, 'open')).rejects.toBeInstanceOf(InvalidTransitionError);
    const reopened = await ticketing.tickets.changeStatus(alice, t.id, 'reopened');
    expect(reopened.resolvedAt).toBeNull();
    expect(reopened.resolutionTimeHours).toBeNull();
  });

  it('PUT requires the required fields and keeps omitted optional ones', async () => {
    const { ticketing, alice, acme } = await setup();
    const t = await ticketing.tickets.create(alice, { ...base, customerId: acme.id, priority: 'high', tags: 'x' });
    await expect(ticketing.tickets.update(alice, t.id, { subject: 'only subject' } as never)).rejects.toMatchObject({
      issues: { description: [{ code: 'required' }] },
    });
    const put = await ticketing.tickets.update(alice, t.id, { subject: 'New', description: 'Body' });
    expect(put).toMatchObject({ subject: 'New', description: 'Body', priority: 'high', tags: ['x'] });
  });

  it('rejects a stale expected version with a precondition ConflictError', async () => {
    const { ticketing, alice, acme } = await setup();
    const t = await ticketing.tickets.create(alice, { ...base, customerId: acme.id });
    await ticketing.tickets.patch(alice, t.id, { priority: 'low' }, { expectedVersion: 1 });
    const error = await ticketing.tickets.patch(alice, t.id, { priority: 'high' }, { expectedVersion: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).kind).toBe('precondition');
    expect((await ticketing.tickets.get(alice, t.id)).priority).toBe('low');
  });

  it('assign checks the user exists and is staff; null unassigns', async () => {
    const { ticketing, alice, bob, carol, acme } = await setup();
    const t = await ticketing.tickets.create(alice, { ...base, customerId: acme.id });
    await expect(ticketing.tickets.assign(alice, t.id, 999)).rejects.toMatchObject({ fields: { userId: [expect.any(String)] } });
    await expect(ticketing.tickets.assign(alice, t.id, carol.id)).rejects.toMatchObject({ issues: { userId: [{ code: 'not_staff' }] } });
    expect((await ticketing.tickets.assign(alice, t.id, bob.id)).assignedToDetails?.name).toBe('Bob');
    expect((await ticketing.tickets.assign(alice, t.id, null)).assignedToId).toBeNull();
    const actions = (await ticketing.history.list(alice, { ticketId: t.id })).results.map((h) => h.action);
    expect(actions).toEqual(['created', 'assigned', 'unassigned']);
  });
});

describe('comments and metrics', () => {
  it('only a public staff comment is the first response', async () => {
    const { ticketing, alice, carol, clock } = await setup();
    const t = await ticketing.tickets.create(carol, { subject: 's', description: 'd' });
    clock.advanceHours(1);
    await ticketing.comments.add(carol, t.id, { content: 'any news?' });
    clock.advanceHours(1);
    await ticketing.comments.add(alice, t.id, { content: 'internal note', isInternal: true });
    expect((await ticketing.tickets.get(alice, t.id)).responseTimeHours).toBeNull();
    clock.advanceHours(1);
    await ticketing.comments.add(alice, t.id, { content: 'on it' });
    clock.advanceHours(1);
    await ticketing.comments.add(alice, t.id, { content: 'second reply' });
    const detail = await ticketing.tickets.get(alice, t.id);
    expect(detail.responseTimeHours).toBe(3);
    expect(detail.comments).toHaveLength(4);
    expect(detail.version).toBe(1);
  });
});

describe('lists', () => {
  it('filters, orders by priority rank and pages; a page past the end is InvalidPageError', async () => {
    const { ticketing, alice, bob, acme, globex } = await setup();
    for (const [priority, customerId] of [
      ['low', acme.id],
      ['critical', acme.id],
      ['medium', globex.id],
      ['urgent', acme.id],
    ] as const) {
      await ticketing.tickets.create(alice, { ...base, priority, customerId, assignedToId: priority === 'low' ? bob.id : null });
    }
    const byRank = await ticketing.tickets.list(alice, { ordering: '-priority' });
    expect(byRank.results.map((t) => t.priority)).toEqual(['critical', 'urgent', 'medium', 'low']);
    const acmeOnly = await ticketing.tickets.list(alice, { customerId: acme.id, pageSize: 2 });
    expect(acmeOnly.count).toBe(3);
    expect(acmeOnly.results).toHaveLength(2);
    expect((await ticketing.tickets.list(alice, { unassigned: true })).count).toBe(3);
    expect((await ticketing.tickets.list(bob, { myTickets: true })).count).toBe(1);
    await expect(ticketing.tickets.list(alice, { page: 3, pageSize: 2 })).rejects.toBeInstanceOf(InvalidPageError);
    await expect(ticketing.tickets.list(alice, { ordering: 'subject' })).rejects.toMatchObject({ fields: { ordering: [expect.any(String)] } });
    await expect(ticketing.tickets.list(alice, { createdAfter: '2025-13-01' })).rejects.toMatchObject({ fields: { createdAfter: [expect.any(String)] } });
  });

  it('statistics list every status, priority and category with zeros', async () => {
    const { ticketing, alice, acme, clock } = await setup();
    const t = await ticketing.tickets.create(alice, { ...base, customerId: acme.id, category: 'billing' });
    clock.advanceHours(10);
    await ticketing.tickets.changeStatus(alice, t.id, 'resolved');
    await ticketing.tickets.create(alice, { ...base, customerId: acme.id, dueDate: '2024-01-01' });
    const stats = await ticketing.tickets.statistics(alice);
    expect(stats.totalTickets).toBe(2);
    expect(stats.byStatus).toEqual({ new: 1, open: 0, in_progress: 0, pending: 0, resolved: 1, closed: 0, reopened: 0 });
    expect(stats.byPriority).toEqual({ low: 0, medium: 2, high: 0, urgent: 0, critical: 0 });
    expect(stats.byCategory).toMatchObject({ billing: 1, general: 1, technical: 0, other: 0 });
    expect(Object.keys(stats.byCategory)).toHaveLength(8);
    expect(stats.overdueCount).toBe(1);
    expect(stats.unassignedCount).toBe(2);
    expect(stats.avgResolutionTimeHours).toBe(10);
  });
});
