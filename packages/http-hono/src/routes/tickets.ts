import { percentilesParam } from '@tessera/core';
import { Hono, type Context } from 'hono';
import { createFactory } from 'hono/factory';
import { jsonBody } from '../body.js';
import type { RouteDeps, TicketingEnv } from '../env.js';
import { toWirePage } from '../pagination.js';
import { toTicketInput } from '../wire/bodies.js';
import { toPageInput, toTicketFilters } from '../wire/queries.js';
import { toWireStatistics, toWireTicket, toWireTicketDetail } from '../wire/serialize.js';
import { toWirePercentiles } from '../wire/percentiles.js';
import { downloadUrl, etag, pathId, renameFields, ticketFirst, writeOptions } from './helpers.js';
import { documented, jsonInput, queryInput } from './operation.js';

/** `/tickets/…`: the seed's ticket viewset, its list shortcuts and statistics. */
export function ticketRoutes(d: RouteDeps) {
  const f = createFactory<TicketingEnv>();
  const { tickets } = d.ticketing;
  const json = jsonBody(d.maxJsonBytes);
  const found = ticketFirst(tickets);

  /** Detail representation with its ETag: the answer of every ticket write. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const detail = async (c: Context<TicketingEnv, any, any>, id: number, status: 200 | 201 = 200) => {
    const ticket = await tickets.get(c.get('actor'), id);
    return c.json(toWireTicketDetail(ticket, downloadUrl(c)), status, { ETag: etag(ticket.version) });
  };

  const listWith = (forced: { my_tickets?: true; unassigned?: true; overdue?: true }) =>
    f.createHandlers(queryInput(d.queries.ticketList), async (c) => {
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

  const statistics = f.createHandlers(queryInput(d.queries.ticketFilters), async (c) => {
    const stats = await tickets.statistics(c.get('actor'), toTicketFilters(c.req.valid('query')));
    return c.json(toWireStatistics(stats), 200);
  });

  const percentilesQuery = d.queries.ticketFilters.extend({ percentiles: percentilesParam.optional() });
  const percentiles = f.createHandlers(queryInput(percentilesQuery), async (c) => {
    const q = c.req.valid('query');
    const result = await tickets.percentiles(c.get('actor'), { ...toTicketFilters(q), ...(q.percentiles && { percentiles: q.percentiles }) });
    return c.json(toWirePercentiles(result), 200);
  });

  const create = f.createHandlers(json, jsonInput(d.bodies.ticketCreate, 'TicketCreate'), async (c) => {
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

  const update = f.createHandlers(found, json, jsonInput(d.bodies.ticketUpdate, 'TicketUpdate'), async (c) => {
    const id = pathId(c, 'ticket');
    const input = toTicketInput(c.req.valid('json')) as Parameters<typeof tickets.update>[2];
    await tickets.update(c.get('actor'), id, input, writeOptions(c));
    return detail(c, id);
  });

  const patch = f.createHandlers(found, json, jsonInput(d.bodies.ticketPatch, 'TicketPatch'), async (c) => {
    const id = pathId(c, 'ticket');
    await tickets.patch(c.get('actor'), id, toTicketInput(c.req.valid('json')), writeOptions(c));
    return detail(c, id);
  });

  const remove = f.createHandlers(async (c) => {
    await tickets.delete(c.get('actor'), pathId(c, 'ticket'));
    return c.body(null, 204);
  });

  const assign = f.createHandlers(found, json, jsonInput(d.bodies.assign, 'Assign'), async (c) => {
    const id = pathId(c, 'ticket');
    const { user_id } = c.req.valid('json');
    await renameFields({ assignedToId: 'user_id', userId: 'user_id' }, () =>
      tickets.assign(c.get('actor'), id, user_id, writeOptions(c)),
    );
    return detail(c, id);
  });

  const changeStatus = f.createHandlers(found, json, jsonInput(d.bodies.changeStatus, 'ChangeStatus'), async (c) => {
    const id = pathId(c, 'ticket');
    await tickets.changeStatus(c.get('actor'), id, c.req.valid('json').status, writeOptions(c));
    return detail(c, id);
  });

  const listOp = (summary: string) => ({ summary, tag: 'tickets', ok: [200, 'TicketPage'] }) as const;
  const writeOp = (summary: string) => ({ summary, tag: 'tickets', ok: [200, 'TicketDetail'], etag: true }) as const;

  // Static paths before `/tickets/:id`.
  return new Hono<TicketingEnv>()
    .get('/tickets', ...documented(listOp('List tickets'), list))
    .post('/tickets', ...documented({ summary: 'Create a ticket', tag: 'tickets', ok: [201, 'TicketDetail'] }, create))
    .get('/tickets/my_tickets', ...documented(listOp('Tickets assigned to (staff) or created by (customer) the caller'), mine))
    .get('/tickets/unassigned', ...documented(listOp('Unassigned tickets'), unassigned))
    .get('/tickets/overdue', ...documented(listOp('Overdue tickets'), overdue))
    .get('/tickets/statistics', ...documented({ summary: 'Ticket statistics', tag: 'tickets', ok: [200, 'Statistics'] }, statistics))
    .get(
      '/tickets/percentiles',
      ...documented({ summary: 'First-response and resolution time percentiles (staff only)', tag: 'tickets', ok: [200, 'Percentiles'] }, percentiles),
    )
    .get(
      '/tickets/:id',
      ...documented({ summary: 'Ticket detail (ETag: version)', tag: 'tickets', ok: [200, 'TicketDetail'], conditional: true }, retrieve),
    )
    .put('/tickets/:id', ...documented(writeOp('Update a ticket'), update))
    .patch('/tickets/:id', ...documented(writeOp('Partially update a ticket'), patch))
    .delete('/tickets/:id', ...documented({ summary: 'Delete a ticket', tag: 'tickets', ok: [204, null] }, remove))
    .post('/tickets/:id/assign', ...documented(writeOp('Assign (or unassign with null)'), assign))
    .post('/tickets/:id/change_status', ...documented(writeOp('Change status'), changeStatus));
}
