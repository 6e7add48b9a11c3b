import { Hono } from 'hono';
import { createFactory } from 'hono/factory';
import type { RouteDeps, TicketingEnv } from '../env.js';
import { toWirePage } from '../pagination.js';
import { toPageInput } from '../wire/queries.js';
import { toWireHistory } from '../wire/serialize.js';
import { documented, queryInput } from './operation.js';

/** `/history/`: the audit trail, filtered by `ticket` and `action`. */
export function historyRoutes(d: RouteDeps) {
  const f = createFactory<TicketingEnv>();
  const list = f.createHandlers(queryInput(d.queries.historyList), async (c) => {
    const q = c.req.valid('query');
    const page = await d.ticketing.history.list(c.get('actor'), { ticketId: q.ticket, action: q.action, ...toPageInput(q) });
    return c.json(toWirePage(c.req.url, page, toWireHistory), 200);
  });
  return new Hono<TicketingEnv>().get('/history', ...documented({ summary: 'Audit trail', tag: 'history', ok: [200, 'HistoryPage'] }, list));
}
