import { ForbiddenError, InvalidPageError } from '@tessera/core';
import type { WebhookService } from '@tessera/webhooks';
import { Hono, type MiddlewareHandler } from 'hono';
import { createFactory } from 'hono/factory';
import { jsonBody } from '../body.js';
import type { RouteDeps, TicketingEnv } from '../env.js';
import { HttpError } from '../errors.js';
import { toWirePage } from '../pagination.js';
import { toPageInput } from '../wire/queries.js';
import {
  toSubscriptionInput,
  toWireCreatedWebhook,
  toWireDelivery,
  toWireWebhook,
  webhookCreateSchema,
  webhookPatchSchema,
  webhookUpdateSchema,
} from '../wire/webhooks.js';
import { documented, jsonInput, queryInput } from './operation.js';

/** Unknown (or non-numeric) subscription ids, as DRF answers them. */
const NOT_FOUND = new HttpError(404, { detail: 'Not found.' });

/** Offset/limit of a 1-based page; a page past the end is 404 "Invalid page." (DRF). */
async function paged<T>(q: { page?: number; page_size?: number }, load: (page: { offset: number; limit: number }) => Promise<{ count: number; results: T[] } | null>) {
  const { page, pageSize } = toPageInput(q);
  const found = await load({ offset: (page - 1) * pageSize, limit: pageSize });
  if (found === null) return null;
  if (page > 1 && (page - 1) * pageSize >= found.count) throw new InvalidPageError(page);
  return { ...found, page, pageSize };
}

/**
 * `/webhooks/…`: subscriptions (create shows the secret once), their delivery log and ping.
 * Staff only (customers get 403). The router mounts them only when given a webhook service.
 */
export function webhookRoutes(d: RouteDeps, webhooks: WebhookService) {
  const f = createFactory<TicketingEnv>();
  const staffOnly: MiddlewareHandler<TicketingEnv> = async (c, next) => {
    if (c.get('actor').role !== 'staff') throw new ForbiddenError('staff_only', { action: 'manage webhooks' });
    await next();
  };
  const json = jsonBody(d.maxJsonBytes);
  const pageQuery = d.queries.attachmentList.pick({ page: true, page_size: true });
  /** A numeric path id; anything else is 404, as an unknown id is. */
  const id = (c: { req: { param(name: string): string | undefined } }) => {
    const raw = c.req.param('id') ?? '';
    const value = /^\d{1,15}$/u.test(raw) ? Number(raw) : 0;
    if (value < 1) throw NOT_FOUND;
    return value;
  };

  const list = f.createHandlers(staffOnly, queryInput(pageQuery), async (c) => {
    const page = (await paged(c.req.valid('query'), (p) => webhooks.list(p)))!;
    return c.json(toWirePage(c.req.url, page, toWireWebhook), 200);
  });

  const create = f.createHandlers(staffOnly, json, jsonInput(webhookCreateSchema, 'WebhookCreate'), async (c) => {
    const body = c.req.valid('json');
    const created = await webhooks.create({
      url: body.url,
      events: body.events,
      includeInternal: body.include_internal ?? false,
      description: body.description ?? '',
    });
    return c.json(toWireCreatedWebhook(created), 201);
  });

  const retrieve = f.createHandlers(staffOnly, async (c) => {
    const key = id(c);
    const found = await webhooks.get(key);
    if (!found) throw NOT_FOUND;
    return c.json(toWireWebhook(found), 200);
  });

  /** Looks the subscription up before the body is validated, so an unknown id is 404 whatever the body (DRF). */
  const exists: MiddlewareHandler<TicketingEnv> = async (c, next) => {
    const key = id(c);
    if (!(await webhooks.get(key))) throw NOT_FOUND;
    await next();
  };

  const update = f.createHandlers(staffOnly, exists, json, jsonInput(webhookUpdateSchema, 'WebhookUpdate'), async (c) => {
    const key = id(c);
    const updated = await webhooks.update(key, toSubscriptionInput(c.req.valid('json')), false);
    if (!updated) throw NOT_FOUND;
    return c.json(toWireWebhook(updated), 200);
  });

  const patch = f.createHandlers(staffOnly, exists, json, jsonInput(webhookPatchSchema, 'WebhookPatch'), async (c) => {
    const key = id(c);
    const updated = await webhooks.update(key, toSubscriptionInput(c.req.valid('json')), true);
    if (!updated) throw NOT_FOUND;
    return c.json(toWireWebhook(updated), 200);
  });

  const remove = f.createHandlers(staffOnly, async (c) => {
    const key = id(c);
    if (!(await webhooks.delete(key))) throw NOT_FOUND;
    return c.body(null, 204);
  });

  const deliveries = f.createHandlers(staffOnly, queryInput(pageQuery), async (c) => {
    const key = id(c);
    const page = await paged(c.req.valid('query'), (p) => webhooks.deliveries(key, p));
    if (!page) throw NOT_FOUND;
    return c.json(toWirePage(c.req.url, page, toWireDelivery), 200);
  });

  const ping = f.createHandlers(staffOnly, async (c) => {
    const key = id(c);
    const event = await webhooks.ping(key);
    if (!event) throw NOT_FOUND;
    return c.json({ detail: 'Ping queued.', event_id: event.id }, 202);
  });

  const op = (summary: string, ok: Parameters<typeof documented>[0]['ok']) => ({ summary, tag: 'webhooks', ok }) as const;
  return new Hono<TicketingEnv>()
    .get('/webhooks', ...documented(op('List webhook subscriptions', [200, 'WebhookPage']), list))
    .post('/webhooks', ...documented(op('Create a webhook subscription (the answer shows its secret, once)', [201, 'WebhookCreated']), create))
    .get('/webhooks/:id', ...documented(op('Webhook subscription detail', [200, 'Webhook']), retrieve))
    .put('/webhooks/:id', ...documented(op('Update a webhook subscription', [200, 'Webhook']), update))
    .patch('/webhooks/:id', ...documented(op('Partially update a webhook subscription', [200, 'Webhook']), patch))
    .delete('/webhooks/:id', ...documented(op('Delete a webhook subscription', [204, null]), remove))
    .get('/webhooks/:id/deliveries', ...documented(op('Delivery attempts of a subscription, newest first', [200, 'DeliveryPage']), deliveries))
    .post('/webhooks/:id/ping', ...documented(op('Queue a ping event for this endpoint', [202, 'PingQueued']), ping));
}
