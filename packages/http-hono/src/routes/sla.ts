import type { SlaSettingsApi } from '@tessera/core';
import { Hono, type Context } from 'hono';
import { createFactory } from 'hono/factory';
import type { z } from 'zod';
import { jsonBody } from '../body.js';
import type { RouteDeps, TicketingEnv } from '../env.js';
import { HttpError } from '../errors.js';
import { toWirePage } from '../pagination.js';
import { toPageInput } from '../wire/queries.js';
import {
  fromWireCalendar,
  fromWireSlaPolicy,
  toWireCalendar,
  toWireSlaPolicy,
  wireCalendarInputSchema,
  wireSlaPolicyInputSchema,
} from '../wire/sla.js';
import { pathId } from './helpers.js';
import { describedBody, documented, queryInput, type OperationDoc, type ResponseComponent } from './operation.js';

/** Core's CRUD of one settings kind; the body reaches it as wire input core validates, so its type is not checked here. */
type SettingsApi<T> = SlaSettingsApi<T, never>;

interface SettingsResource<T> {
  api: SettingsApi<T>;
  tag: OperationDoc['tag'];
  noun: string;
  item: ResponseComponent;
  page: ResponseComponent;
  resource: 'calendar' | 'sla policy';
  input: z.ZodType;
  inputComponent: string;
  toWire: (value: T) => unknown;
  fromWire: (body: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * List, create, retrieve, PUT/PATCH and delete of one settings resource. Core validates the body
 * (so nested errors keep their shape) and refuses customers (403); a calendar a policy uses
 * cannot be deleted (409). The list is paginated as every DRF list is; settings are a handful of
 * rows, so the core returns them all and the page is cut here.
 */
function settingsRoutes<T>(d: RouteDeps, r: SettingsResource<T>) {
  const f = createFactory<TicketingEnv>();
  const json = jsonBody(d.maxJsonBytes);
  const body = async (c: Context<TicketingEnv>) => r.fromWire((await c.req.json()) as Record<string, unknown>) as never;
  const id = (c: Context<TicketingEnv>) => pathId(c, r.resource);

  const list = f.createHandlers(queryInput(d.queries.settingsList), async (c) => {
    const { page, pageSize } = toPageInput(c.req.valid('query'));
    const all = await r.api.list(c.get('actor'));
    const start = (page - 1) * pageSize;
    if (page > 1 && start >= all.length) throw new HttpError(404, { detail: 'Invalid page.' });
    const results = all.slice(start, start + pageSize);
    return c.json(toWirePage(c.req.url, { count: all.length, page, pageSize, results }, r.toWire), 200);
  });
  const create = f.createHandlers(json, describedBody(r.input, r.inputComponent), async (c) =>
    c.json(r.toWire(await r.api.create(c.get('actor'), await body(c))) as object, 201),
  );
  const retrieve = f.createHandlers(async (c) => c.json(r.toWire(await r.api.get(c.get('actor'), id(c))) as object, 200));
  // DRF looks the object up before it reads the body: an unknown id is 404 whatever the body holds.
  const update = f.createHandlers(json, describedBody(r.input, r.inputComponent), async (c) => {
    const actor = c.get('actor');
    await r.api.get(actor, id(c));
    return c.json(r.toWire(await r.api.update(actor, id(c), await body(c))) as object, 200);
  });
  const patch = f.createHandlers(json, describedBody(r.input, r.inputComponent), async (c) => {
    const actor = c.get('actor');
    await r.api.get(actor, id(c));
    return c.json(r.toWire(await r.api.patch(actor, id(c), await body(c))) as object, 200);
  });
  const remove = f.createHandlers(async (c) => {
    await r.api.delete(c.get('actor'), id(c));
    return c.body(null, 204);
  });

  const op = (summary: string, ok: OperationDoc['ok']): OperationDoc => ({ summary, tag: r.tag, ok });
  const base = `/${r.tag}`;
  return new Hono<TicketingEnv>()
    .get(base, ...documented(op(`List ${r.noun.replace(/y$/u, 'ie')}s`, [200, r.page]), list))
    .post(base, ...documented(op(`Create a ${r.noun}`, [201, r.item]), create))
    .get(`${base}/:id`, ...documented(op(`${r.noun.charAt(0).toUpperCase()}${r.noun.slice(1)} detail`, [200, r.item]), retrieve))
    .put(`${base}/:id`, ...documented(op(`Replace a ${r.noun}`, [200, r.item]), update))
    .patch(`${base}/:id`, ...documented(op(`Partially update a ${r.noun}`, [200, r.item]), patch))
    .delete(`${base}/:id`, ...documented(op(`Delete a ${r.noun}`, [204, null]), remove));
}

/** `/calendars/`: business calendars (staff only). */
export function calendarRoutes(d: RouteDeps) {
  return settingsRoutes(d, {
    api: d.ticketing.sla.calendars as SettingsApi<Parameters<typeof toWireCalendar>[0]>,
    tag: 'calendars',
    noun: 'business calendar',
    item: 'Calendar',
    page: 'CalendarPage',
    resource: 'calendar',
    input: wireCalendarInputSchema,
    inputComponent: 'CalendarInput',
    toWire: toWireCalendar,
    fromWire: fromWireCalendar,
  });
}

/** `/sla-policies/`: SLA policies in evaluation order (staff only). */
export function slaPolicyRoutes(d: RouteDeps) {
  return settingsRoutes(d, {
    api: d.ticketing.sla.policies as SettingsApi<Parameters<typeof toWireSlaPolicy>[0]>,
    tag: 'sla-policies',
    noun: 'SLA policy',
    item: 'SlaPolicy',
    page: 'SlaPolicyPage',
    resource: 'sla policy',
    input: wireSlaPolicyInputSchema,
    inputComponent: 'SlaPolicyInput',
    toWire: toWireSlaPolicy,
    fromWire: fromWireSlaPolicy,
  });
}
