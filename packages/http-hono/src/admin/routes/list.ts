import { InvalidPageError, ValidationError, type ListPage, type TicketStatistics, type TicketView } from '@tessera/core';
import { Hono } from 'hono';
import type { AdminConfig, AdminEnv } from '../context.js';
import { takeFlashes } from '../flash.js';
import { pageContext } from '../guard.js';
import { CORE_FIELD_TO_PARAM, leadingId, pickListParams, toListQuery, type ListParams } from '../list-query.js';
import { errorsFor, personLabel, type FormErrors } from '../views/fields.js';
import { ticketListPage } from '../views/ticket-list.js';

/** Filters whose input shows its own error message. */
const INLINE_ERROR_FIELDS = new Set(['status', 'priority', 'category', 'sla_status', 'customer', 'assigned_to', 'created_after', 'created_before', 'search', 'page_size', 'ordering']);

/** Picker texts (`"12 — Name <email>"`) for the customer/assignee filters, from the directory. */
async function pickerValues(config: AdminConfig, params: ListParams): Promise<{ customer?: string; assigned_to?: string }> {
  const dir = config.ticketing.directory;
  if (!dir) return {};
  const out: { customer?: string; assigned_to?: string } = {};
  const customerId = leadingId(params.customer);
  const userId = leadingId(params.assigned_to);
  const [customers, users] = await Promise.all([
    customerId ? dir.getCustomers([customerId]) : [],
    userId ? dir.getUsers([userId]) : [],
  ]);
  if (customers[0]) out.customer = personLabel(customers[0]);
  if (users[0]) out.assigned_to = personLabel(users[0]);
  return out;
}

/** The ticket list. It runs `ticketing.tickets.list`, the query the REST API runs. */
export function listRoutes(config: AdminConfig): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.get('/', (c) => c.redirect(`${config.base}/tickets`, 303));

  app.get('/tickets', async (c) => {
    const params = pickListParams(c.req.query());
    const { query, errors } = toListQuery(params);
    const flashes = await takeFlashes(c, config);
    let page: ListPage<TicketView> | null = null;
    let stats: TicketStatistics | null = null;
    if (Object.keys(errors).length === 0) {
      try {
        const { status: _status, page: _page, pageSize: _size, ordering: _ordering, ...filters } = query;
        [page, stats] = await Promise.all([
          config.ticketing.tickets.list(c.get('actor'), query),
          // Counts per status under the other filters: the status chips above the table.
          config.ticketing.tickets.statistics(c.get('actor'), filters),
        ]);
      } catch (err) {
        if (err instanceof ValidationError) Object.assign(errors, errorsFor(err, CORE_FIELD_TO_PARAM));
        else if (err instanceof InvalidPageError) flashes.push({ kind: 'error', text: `Page ${err.page} does not exist.` });
        else throw err;
      }
    }
    if (Object.keys(errors).length > 0) {
      // Fields without an inline message slot (the checkboxes, page) are spelled out here.
      const unseen = Object.entries(errors)
        .filter(([name]) => !INLINE_ERROR_FIELDS.has(name))
        .map(([name, messages]) => `${name}: ${messages.join(' ')}`);
      const text = ['Some filters are not valid; see the messages below.', ...unseen].join(' ');
      flashes.push({ kind: 'error', text });
    }
    const model = {
      params,
      pickerValues: await pickerValues(config, params),
      page,
      stats,
      errors,
      categories: config.ticketing.categories,
      flashes,
      now: config.ticketing.clock.now(),
    };
    return c.html(ticketListPage(pageContext(c, config), model), page ? 200 : 400);
  });

  return app;
}
