import { Hono } from 'hono';
import { createFactory } from 'hono/factory';
import { jsonBody } from '../body.js';
import type { RouteDeps, TicketingEnv } from '../env.js';
import { toWirePage } from '../pagination.js';
import { toPageInput } from '../wire/queries.js';
import { toWireComment } from '../wire/serialize.js';
import { bodyRef, pathId, ticketFirst } from './helpers.js';
import { documented, jsonInput, queryInput } from './operation.js';

/** `/comments/` and the ticket action `add_comment`. */
export function commentRoutes(d: RouteDeps) {
  const f = createFactory<TicketingEnv>();
  const { comments } = d.ticketing;
  const json = jsonBody(d.maxJsonBytes);

  const list = f.createHandlers(queryInput(d.queries.commentList), async (c) => {
    const q = c.req.valid('query');
    const page = await comments.list(c.get('actor'), { ticketId: q.ticket, isInternal: q.is_internal, ...toPageInput(q) });
    return c.json(toWirePage(c.req.url, page, toWireComment), 200);
  });

  const create = f.createHandlers(json, jsonInput(d.bodies.commentCreate, 'CommentCreate'), async (c) => {
    const body = c.req.valid('json');
    const comment = await bodyRef('ticket', body.ticket, () =>
      comments.add(c.get('actor'), body.ticket, { content: body.content, isInternal: body.is_internal ?? false }),
    );
    return c.json(toWireComment(comment), 201);
  });

  const addComment = f.createHandlers(ticketFirst(d.ticketing.tickets), json, jsonInput(d.bodies.comment, 'CommentInput'), async (c) => {
    const body = c.req.valid('json');
    const comment = await comments.add(c.get('actor'), pathId(c, 'ticket'), {
      content: body.content,
      isInternal: body.is_internal ?? false,
    });
    return c.json(toWireComment(comment), 201);
  });

  const retrieve = f.createHandlers(async (c) => c.json(toWireComment(await comments.get(c.get('actor'), pathId(c, 'comment'))), 200));

  return new Hono<TicketingEnv>()
    .post('/tickets/:id/add_comment', ...documented({ summary: 'Add a comment', tag: 'tickets', ok: [201, 'Comment'] }, addComment))
    .get('/comments', ...documented({ summary: 'List comments', tag: 'comments', ok: [200, 'CommentPage'] }, list))
    .post('/comments', ...documented({ summary: 'Create a comment', tag: 'comments', ok: [201, 'Comment'] }, create))
    .get('/comments/:id', ...documented({ summary: 'Comment detail', tag: 'comments', ok: [200, 'Comment'] }, retrieve));
}
