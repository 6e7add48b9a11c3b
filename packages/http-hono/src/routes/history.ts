import { Hono } from 'hono';
import { createFactory } from 'hono/factory';
import type { RouteDeps, TicketingEnv } from '../env.js';
import { toWirePage } from '../pagination.js';
import { toPageInput } from '../wire/queries.js';
import { toWireHistory } from '../wire/serialize.js';
import { pathId } from './helpers.js';
import { documented, queryInput } from './operation.js';

/** `/history/`: the audit trail, filtered by `ticket` and `action`, and its rows. Read-only: writes are 405. */
export function historyRoutes(d: RouteDeps) {
  const f = createFactory<TicketingEnv>();
  const list = f.createHandlers(queryInput(d.queries.historyList), async (c) => {
    const q = c.req.valid('query');
    const page = await d.ticketing.history.list(c.get('actor'), { ticketId: q.ticket, action: q.action, ...toPageInput(q) });
    return c.json(toWirePage(c.req.url, page, toWireHistory), 200);
  });
  const retrieve = f.createHandlers(async (c) =>
    c.json(toWireHistory(await d.ticketing.history.get(c.get('actor'), pathId(c, 'history'))), 200),
  );
  return new Hono<TicketingEnv>()
    .get('/history', ...documented({ summary: 'Audit trail', tag: 'history', ok: [200, 'HistoryPage'] }, list))
    .get('/history/:id', ...documented({ summary: 'One audit-trail row', tag: 'history', ok: [200, 'HistoryEntry'] }, retrieve));
}
