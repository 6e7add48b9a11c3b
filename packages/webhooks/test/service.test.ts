import { ValidationError } from '@tessera/core';
import { describe, expect, it } from 'vitest';

import { createMemoryWebhookStore, createWebhookService, type Resolver } from '../src/index.js';

const resolver: Resolver = async (host) => (host === 'hooks.example' ? [{ address: '93.184.216.34', family: 4 }] : []);
const service = () => createWebhookService({ store: createMemoryWebhookStore(), resolver });

async function fieldErrors(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).fields;
}

describe('webhook service', () => {
  it('creates with a fresh secret shown once; later reads hide it', async () => {
    const s = service();
    const created = await s.create({ url: 'https://hooks.example/in', events: ['ticket.created', 'ticket.created'] });
    expect(created).toMatchObject({ url: 'https://hooks.example/in', events: ['ticket.created'], includeInternal: false, description: '', isActive: true });
    expect(created.secret).toMatch(/^whsec_/);
    expect(await s.get(created.id)).not.toHaveProperty('secret');
    expect((await s.list({ offset: 0, limit: 10 })).results[0]).not.toHaveProperty('secret');
  });

  it('rejects missing, empty or unknown events and unsafe URLs, per field', async () => {
    const s = service();
    expect(await fieldErrors(s.create({ url: 'https://hooks.example/', events: [] }))).toEqual({ events: ['List at least one event type, or "*" for all.'] });
    expect(await fieldErrors(s.create({ url: 'https://hooks.example/', events: ['ticket.exploded'] }))).toEqual({ events: ['Unknown event types: ticket.exploded.'] });
    const both = await fieldErrors(s.create({ url: 'http://127.0.0.1/', events: [] }));
    expect(Object.keys(both).sort()).toEqual(['events', 'url']);
    expect(both.url![0]).toMatch(/loopback/);
    expect(await fieldErrors(s.create({ url: 'gopher://hooks.example/', events: ['*'] }))).toEqual({ url: ['Only http and https URLs are allowed.'] });
  });

  it('PATCH validates only what it changes; PUT needs url and events; unknown ids give null', async () => {
    const s = service();
    const created = await s.create({ url: 'https://hooks.example/in', events: ['*'], description: 'd', includeInternal: true });
    expect(await s.update(created.id, { description: 'new' }, true)).toMatchObject({ description: 'new', includeInternal: true, url: created.url });
    expect(await fieldErrors(s.update(created.id, { description: 'x' }, false))).toHaveProperty('events');
    expect(await s.update(created.id, { url: 'https://hooks.example/v2', events: ['ticket.deleted'] }, false)).toMatchObject({
      url: 'https://hooks.example/v2',
      events: ['ticket.deleted'],
      includeInternal: false,
      description: '',
    });
    expect(await s.update(999, { description: 'x' }, true)).toBeNull();
    expect(await s.ping(999)).toBeNull();
    expect(await s.deliveries(999, { offset: 0, limit: 10 })).toBeNull();
  });

  it('ping queues a targeted event', async () => {
    const s = service();
    const created = await s.create({ url: 'https://hooks.example/in', events: ['ticket.created'] });
    expect(await s.ping(created.id)).toMatchObject({ type: 'ping', subscriptionId: created.id, data: { webhook: created.id }, internal: false });
  });
});
