import { Hono } from 'hono';
import { createFactory } from 'hono/factory';
import { jsonBody } from '../body.js';
import type { RouteDeps, TicketingEnv } from '../env.js';
import { toWirePage } from '../pagination.js';
import { toPageInput } from '../wire/queries.js';
import { toWireComment } from '../wire/serialize.js';
import { validate } from '../wire/validation.js';
import { bodyRef, pathId } from './helpers.js';

/** `/comments/` and the ticket action `add_comment`. */
export function commentRoutes(d: RouteDeps) {
  const f = createFactory<TicketingEnv>();
  const { comments } = d.ticketing;
  const json = jsonBody(d.maxJsonBytes);

  const list = f.createHandlers(validate('query', d.queries.commentList), async (c) => {
    const q = c.req.valid('query');
    const page = await comments.list(c.get('actor'), { ticketId: q.ticket, isInternal: q.is_internal, ...toPageInput(q) });
    return c.json(toWirePage(c.req.url, page, toWireComment), 200);
  });

  const create = f.createHandlers(json, validate('json', d.bodies.commentCreate), async (c) => {
    const body = c.req.valid('json');
    const comment = await bodyRef('ticket', body.ticket, () =>
      comments.add(c.get('actor'), body.ticket, { content: body.content, isInternal: body.is_internal ?? false }),
    );
    return c.json(toWireComment(comment), 201);
  });

  const addComment = f.createHandlers(json, validate('json', d.bodies.comment), async (c) => {
    const body = c.req.valid('json');
    const comment = await comments.add(c.get('actor'), pathId(c, 'ticket'), {
      content: body.content,
      isInternal: body.is_internal ?? false,
    });
    return c.json(toWireComment(comment), 201);
  });

  return new Hono<TicketingEnv>()
    .post('/tickets/:id/add_comment/', ...addComment)
    .post('/tickets/:id/add_comment', ...addComment)
    .get('/comments/', ...list)
    .get('/comments', ...list)
    .post('/comments/', ...create)
    .post('/comments', ...create);
}
