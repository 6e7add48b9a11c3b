import {
  InvalidTransitionError,
  MAX_PAGE_SIZE,
  NotFoundError,
  TesseraError,
  ticketStatusSchema,
  type Actor,
  type TicketStatus,
  type TicketView,
} from '@tessera/core';
import { Hono } from 'hono';
import type { AdminConfig, AdminEnv } from '../context.js';
import { redirectWithFlash } from '../flash.js';
import { pageContext } from '../guard.js';
import { safeListQuery } from '../safe-path.js';
import { leadingId } from '../list-query.js';
import { bulkResultPage, type BulkOutcome } from '../views/bulk-result.js';
import { humanize } from '../views/html.js';
import { adminErrorText } from '../views/messages.js';

/** At most this many tickets per bulk action (the largest list page). */
const MAX_BULK = MAX_PAGE_SIZE;

type BulkAction = { kind: 'assign'; userId: number | null } | { kind: 'status'; status: TicketStatus };

async function describe(config: AdminConfig, action: BulkAction): Promise<string> {
  if (action.kind === 'status') return action.status === 'closed' ? 'close' : `change status to ${humanize(action.status)}`;
  if (action.userId === null) return 'unassign';
  const [user] = (await config.ticketing.directory?.getUsers([action.userId])) ?? [];
  return `assign to ${user ? user.name : `user #${action.userId}`}`;
}

async function runOne(config: AdminConfig, actor: Actor, id: number, action: BulkAction): Promise<BulkOutcome> {
  const tickets = config.ticketing.tickets;
  try {
    // Each call is its own core transaction: one refusal never undoes the others.
    const view: TicketView =
      action.kind === 'assign' ? await tickets.assign(actor, id, action.userId) : await tickets.changeStatus(actor, id, action.status);
    return { id, ticketNumber: view.ticketNumber, outcome: 'updated' };
  } catch (err) {
    if (!(err instanceof TesseraError)) throw err;
    const outcome = err instanceof InvalidTransitionError ? 'refused' : 'failed';
    let ticketNumber: string | null = null;
    if (!(err instanceof NotFoundError)) {
      ticketNumber = await tickets.get(actor, id).then((t) => t.ticketNumber, () => null);
    }
    return { id, ticketNumber, outcome, message: adminErrorText(err) };
  }
}

/** Bulk assign / change status / close over the tickets ticked on the list page. */
export function bulkRoutes(config: AdminConfig): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.post('/tickets/bulk', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const rawIds = body.ids === undefined ? [] : Array.isArray(body.ids) ? body.ids : [body.ids];
    const ids = [...new Set(rawIds.map((v) => (typeof v === 'string' && /^\d{1,15}$/u.test(v) ? Number(v) : NaN)))];
    // The list query to go back to; anything else (a line break, another path) is dropped.
    const returnTo = safeListQuery(config, body.return_to);
    const back = `${config.base}/tickets${returnTo}`;
    if (ids.length === 0 || ids.some((id) => !Number.isSafeInteger(id) || id <= 0)) {
      return redirectWithFlash(c, config, back, { kind: 'error', text: 'Select at least one ticket first.' });
    }
    if (ids.length > MAX_BULK) {
      return redirectWithFlash(c, config, back, { kind: 'error', text: `Select at most ${MAX_BULK} tickets.` });
    }
    let action: BulkAction;
    const kind = body.action;
    if (kind === 'assign') {
      const raw = typeof body.assignee === 'string' ? body.assignee.trim() : '';
      const userId = raw ? leadingId(raw) : null;
      if (raw && userId === null) {
        return redirectWithFlash(c, config, back, { kind: 'error', text: 'Pick an assignee from the suggestions.' });
      }
      action = { kind: 'assign', userId };
    } else if (kind === 'change_status' || kind === 'close') {
      const status = ticketStatusSchema.safeParse(kind === 'close' ? 'closed' : body.status);
      if (!status.success) return redirectWithFlash(c, config, back, { kind: 'error', text: 'Choose a valid status.' });
      action = { kind: 'status', status: status.data };
    } else {
      return redirectWithFlash(c, config, back, { kind: 'error', text: 'Choose a bulk action.' });
    }
    const actor = c.get('actor');
    const outcomes: BulkOutcome[] = [];
    for (const id of ids) outcomes.push(await runOne(config, actor, id, action));
    return c.html(bulkResultPage(pageContext(c, config), await describe(config, action), outcomes, returnTo));
  });

  return app;
}
