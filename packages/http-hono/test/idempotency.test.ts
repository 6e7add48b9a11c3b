import { createMemoryIdempotency, type IdempotencyStore } from '@tessera/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createFixture, STORE_KINDS, type Fixture } from './fixture.js';

const body = { subject: 'Printer on fire', description: 'Third floor', customer: 1 };

/** The store's own idempotency records, or memory ones when the store has none. */
const keysOf = (store: { idempotency?: IdempotencyStore }) => store.idempotency ?? createMemoryIdempotency();

describe.each(STORE_KINDS)('Idempotency-Key (%s store)', (kind) => {
  let f: Fixture;
  afterEach(async () => {
    expect(f.errors).toEqual([]);
    await f.close();
  });
  const ticketCount = async () => (await f.call(f.alice, 'GET', '/tickets/')).body.count as number;

  it('replays the first answer for the same key and body, creating nothing more', async () => {
    f = await createFixture(kind, { router: (store) => ({ idempotency: keysOf(store) }) });
    const first = await f.call(f.alice, 'POST', '/tickets/', body, { 'Idempotency-Key': 'create-1' });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    // Same body with other key order and spacing, path without the slash: the same request.
    const reordered = JSON.stringify({ customer: 1, description: 'Third floor', subject: 'Printer on fire' }, null, 2);
    const again = await f.call(f.alice, 'POST', '/tickets', reordered, { 'Idempotency-Key': 'create-1', 'Content-Type': 'application/json' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await ticketCount()).toBe(1);

    // Without a key, or with another key, or as another user, requests run as usual.
    expect((await f.call(f.alice, 'POST', '/tickets/', body)).status).toBe(201);
    expect((await f.call(f.alice, 'POST', '/tickets/', body, { 'Idempotency-Key': 'create-2' })).headers.get('idempotent-replayed')).toBeNull();
    expect((await f.call(f.bob, 'POST', '/tickets/', body, { 'Idempotency-Key': 'create-1' })).headers.get('idempotent-replayed')).toBeNull();
    expect(await ticketCount()).toBe(4);
  });

  it('covers add_comment and POST comments/, and replays 4xx answers too', async () => {
    f = await createFixture(kind, { router: (store) => ({ idempotency: keysOf(store) }) });
    const t = await f.ticket();
    const headers = { 'Idempotency-Key': 'c-1' };
    const a = await f.call(f.alice, 'POST', `/tickets/${t.id}/add_comment/`, { content: 'hello' }, headers);
    const b = await f.call(f.alice, 'POST', `/tickets/${t.id}/add_comment/`, { content: 'hello' }, headers);
    expect([a.status, b.status, b.headers.get('idempotent-replayed')]).toEqual([201, 201, 'true']);
    expect(b.body).toEqual(a.body);
    const c = await f.call(f.alice, 'POST', '/comments/', { ticket: t.id, content: 'x' }, { 'Idempotency-Key': 'c-2' });
    const d = await f.call(f.alice, 'POST', '/comments/', { ticket: t.id, content: 'x' }, { 'Idempotency-Key': 'c-2' });
    expect([c.status, d.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect((await f.call(f.alice, 'GET', `/comments/?ticket=${t.id}`)).body.count).toBe(2);

    const invalid = await f.call(f.alice, 'POST', '/comments/', { ticket: t.id }, { 'Idempotency-Key': 'c-3' });
    const replayed = await f.call(f.alice, 'POST', '/comments/', { ticket: t.id }, { 'Idempotency-Key': 'c-3' });
    expect(invalid).toMatchObject({ status: 400, body: { content: ['This field is required.'] } });
    expect(replayed).toMatchObject({ status: 400, body: invalid.body });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
  });

  it('answers 422 for the same key with a different body or path', async () => {
    f = await createFixture(kind, { router: (store) => ({ idempotency: keysOf(store) }) });
    expect((await f.call(f.alice, 'POST', '/tickets/', body, { 'Idempotency-Key': 'k' })).status).toBe(201);
    const changed = await f.call(f.alice, 'POST', '/tickets/', { ...body, subject: 'Other' }, { 'Idempotency-Key': 'k' });
    expect(changed).toMatchObject({ status: 422, body: { detail: expect.any(String) } });
    const t = await f.ticket();
    expect((await f.call(f.alice, 'POST', `/tickets/${t.id}/add_comment/`, body, { 'Idempotency-Key': 'k' })).status).toBe(422);
    expect(await ticketCount()).toBe(2);
  });

  it('answers 409 while the first request with the key is still running', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let running!: () => void;
    const started = new Promise<void>((resolve) => (running = resolve));
    f = await createFixture(kind, {
      router: (store) => {
        const inner = keysOf(store);
        // The first request is held after its work is done and before its answer is stored.
        return { idempotency: { ...inner, complete: async (...args) => (running(), await gate, inner.complete(...args)) } as IdempotencyStore };
      },
    });
    const first = f.call(f.alice, 'POST', '/tickets/', body, { 'Idempotency-Key': 'slow' });
    await started;
    const second = await f.call(f.alice, 'POST', '/tickets/', body, { 'Idempotency-Key': 'slow' });
    expect(second).toMatchObject({ status: 409, body: { detail: expect.any(String) } });
    release();
    expect((await first).status).toBe(201);
    const third = await f.call(f.alice, 'POST', '/tickets/', body, { 'Idempotency-Key': 'slow' });
    expect([third.status, third.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(await ticketCount()).toBe(1);
  });

  it('rejects keys that are empty, longer than 255 or not printable ASCII with 400', async () => {
    f = await createFixture(kind, { router: (store) => ({ idempotency: keysOf(store) }) });
    for (const key of ['', 'x'.repeat(256), 'tab\there']) {
      const res = await f.call(f.alice, 'POST', '/tickets/', body, { 'Idempotency-Key': key });
      expect(res, JSON.stringify(key)).toMatchObject({ status: 400, body: { detail: expect.stringContaining('Idempotency-Key') } });
    }
    expect(await ticketCount()).toBe(0);
    expect((await f.call(f.alice, 'POST', '/tickets/', body, { 'Idempotency-Key': `${'~'.repeat(254)} ` })).status).toBe(201);
  });

  it('does not store 5xx answers: the key runs again', async () => {
    f = await createFixture(kind, { router: (store) => ({ idempotency: keysOf(store) }) });
    const create = f.ticketing.tickets.create;
    f.ticketing.tickets.create = async () => {
      throw new Error('database on fire');
    };
    const failed = await f.call(f.alice, 'POST', '/tickets/', body, { 'Idempotency-Key': 'retry-me' });
    expect(failed.status).toBe(500);
    expect(f.errors.splice(0)).toHaveLength(1);
    f.ticketing.tickets.create = create;
    const retried = await f.call(f.alice, 'POST', '/tickets/', body, { 'Idempotency-Key': 'retry-me' });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(await ticketCount()).toBe(1);
  });

  it('documents the header and its 409/422 answers on the three POSTs only', async () => {
    f = await createFixture(kind, { router: (store) => ({ idempotency: keysOf(store) }) });
    const doc = (await f.call(null, 'GET', '/openapi.json')).body;
    const withHeader = Object.entries(doc.paths as Record<string, Record<string, { parameters: { name: string }[]; responses: object }>>)
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => [`${method} ${path}`, op] as const))
      .filter(([, op]) => op.parameters.some((p) => p.name === 'Idempotency-Key'));
    expect(withHeader.map(([name]) => name).sort()).toEqual(['post /comments/', 'post /tickets/', 'post /tickets/{id}/add_comment/']);
    for (const [, op] of withHeader) expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['409', '422']));
  });
});

describe('Idempotency-Key without a store', () => {
  it('is ignored', async () => {
    const f = await createFixture('memory');
    await f.call(f.alice, 'POST', '/tickets/', body, { 'Idempotency-Key': 'k' });
    const again = await f.call(f.alice, 'POST', '/tickets/', body, { 'Idempotency-Key': 'k' });
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([201, null]);
    await f.close();
  });
});
