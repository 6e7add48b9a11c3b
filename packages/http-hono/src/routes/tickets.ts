import { Hono, type Context } from 'hono';
import { createFactory } from 'hono/factory';
import { jsonBody } from '../body.js';
import type { RouteDeps, TicketingEnv } from '../env.js';
import { toWirePage } from '../pagination.js';
import { toTicketInput } from '../wire/bodies.js';
import { toPageInput, toTicketFilters } from '../wire/queries.js';
import { toWireStatistics, toWireTicket, toWireTicketDetail } from '../wire/serialize.js';
import { validate } from '../wire/validation.js';
import { downloadUrl, etag, pathId, renameFields, writeOptions } from './helpers.js';

/** `/tickets/…`: the seed's ticket viewset, its list shortcuts and statistics. */
export function ticketRoutes(d: RouteDeps) {
  const f = createFactory<TicketingEnv>();
  const { tickets } = d.ticketing;
  const json = jsonBody(d.maxJsonBytes);

  /** Detail representation with its ETag: the answer of every ticket write. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const detail = async (c: Context<TicketingEnv, any, any>, id: number, status: 200 | 201 = 200) => {
    const ticket = await tickets.get(c.get('actor'), id);
    return c.json(toWireTicketDetail(ticket, downloadUrl(c)), status, { ETag: etag(ticket.version) });
  };

  const listWith = (forced: { my_tickets?: true; unassigned?: true; overdue?: true }) =>
    f.createHandlers(validate('query', d.queries.ticketList), async (c) => {
      const q = { ...c.req.valid('query'), ...forced };
      const page = await tickets.list(c.get('actor'), {
        ...toTicketFilters(q),
        ...toPageInput(q),
        ordering: q.ordering ?? '-created_at',
      });
      return c.json(toWirePage(c.req.url, page, toWireTicket), 200);
    });

  const list = listWith({});
  const mine = listWith({ my_tickets: true });
  const unassigned = listWith({ unassigned: true });
  const overdue = listWith({ overdue: true });

  const statistics = f.createHandlers(validate('query', d.queries.ticketFilters), async (c) => {
    const stats = await tickets.statistics(c.get('actor'), toTicketFilters(c.req.valid('query')));
    return c.json(toWireStatistics(stats), 200);
  });

  const create = f.createHandlers(json, validate('json', d.bodies.ticketCreate), async (c) => {
    const input = toTicketInput(c.req.valid('json')) as Parameters<typeof tickets.create>[1];
    const created = await tickets.create(c.get('actor'), input);
    return detail(c, created.id, 201);
  });

  const retrieve = f.createHandlers(async (c) => {
    const id = pathId(c, 'ticket');
    const ticket = await tickets.get(c.get('actor'), id);
    const tag = etag(ticket.version);
    // A client holding the current version gets 304 without the body.
    if (c.req.header('if-none-match')?.split(',').some((t) => t.trim().replace(/^W\//u, '') === tag)) {
      return c.body(null, 304, { ETag: tag });
    }
    return c.json(toWireTicketDetail(ticket, downloadUrl(c)), 200, { ETag: tag });
  });

  const update = f.createHandlers(json, validate('json', d.bodies.ticketUpdate), async (c) => {
    const id = pathId(c, 'ticket');
    const input = toTicketInput(c.req.valid('json')) as Parameters<typeof tickets.update>[2];
    await tickets.update(c.get('actor'), id, input, writeOptions(c));
    return detail(c, id);
  });

  const patch = f.createHandlers(json, validate('json', d.bodies.ticketPatch), async (c) => {
    const id = pathId(c, 'ticket');
    await tickets.patch(c.get('actor'), id, toTicketInput(c.req.valid('json')), writeOptions(c));
    return detail(c, id);
  });

  const remove = f.createHandlers(async (c) => {
    await tickets.delete(c.get('actor'), pathId(c, 'ticket'));
    return c.body(null, 204);
  });

  const assign = f.createHandlers(json, validate('json', d.bodies.assign), async (c) => {
    const id = pathId(c, 'ticket');
    const { user_id } = c.req.valid('json');
    await renameFields({ assignedToId: 'user_id', userId: 'user_id' }, () =>
      tickets.assign(c.get('actor'), id, user_id, writeOptions(c)),
    );
    return detail(c, id);
  });

  const changeStatus = f.createHandlers(json, validate('json', d.bodies.changeStatus), async (c) => {
    const id = pathId(c, 'ticket');
    await tickets.changeStatus(c.get('actor'), id, c.req.valid('json').status, writeOptions(c));
    return detail(c, id);
  });

  // Static paths before `/tickets/:id/`; each path with and without its trailing slash.
  return new Hono<TicketingEnv>()
    .get('/tickets/', ...list)
    .get('/tickets', ...list)
    .post('/tickets/', ...create)
    .post('/tickets', ...create)
    .get('/tickets/my_tickets/', ...mine)
    .get('/tickets/my_tickets', ...mine)
    .get('/tickets/unassigned/', ...unassigned)
    .get('/tickets/unassigned', ...unassigned)
    .get('/tickets/overdue/', ...overdue)
    .get('/tickets/overdue', ...overdue)
    .get('/tickets/statistics/', ...statistics)
    .get('/tickets/statistics', ...statistics)
    .get('/tickets/:id/', ...retrieve)
    .get('/tickets/:id', ...retrieve)
    .put('/tickets/:id/', ...update)
    .put('/tickets/:id', ...update)
    .patch('/tickets/:id/', ...patch)
    .patch('/tickets/:id', ...patch)
    .delete('/tickets/:id/', ...remove)
    .delete('/tickets/:id', ...remove)
    .post('/tickets/:id/assign/', ...assign)
    .post('/tickets/:id/assign', ...assign)
    .post('/tickets/:id/change_status/', ...changeStatus)
    .post('/tickets/:id/change_status', ...changeStatus);
}
