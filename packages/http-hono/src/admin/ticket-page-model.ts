import { allowedTransitions, parseId, type Actor, type TicketDetail } from '@tessera/core';
import type { AdminConfig } from './context.js';
import { humanize } from './views/html.js';
import { ticketFormValues } from './views/ticket-form.js';
import type { TicketPageModel } from './views/ticket-page.js';

/** Parses a path id; null for anything but a positive integer. */
export function pathId(raw: string | undefined): number | null {
  return raw ? parseId(raw) : null;
}

/** Ids that appear as values of `assigned_to` / `customer` history rows. */
function historyIds(ticket: TicketDetail, field: string): number[] {
  const ids: number[] = [];
  for (const h of ticket.history) {
    if (h.fieldName !== field) continue;
    for (const v of [h.oldValue, h.newValue]) if (v && /^\d+$/u.test(v)) ids.push(Number(v));
  }
  return ids;
}

/** Names of everyone the ticket page mentions, in one directory call per kind. */
async function names(config: AdminConfig, ticket: TicketDetail) {
  const userNames = new Map<number, string>();
  const customerNames = new Map<number, string>();
  const dir = config.ticketing.directory;
  if (!dir) return { userNames, customerNames };
  const userIds = new Set<number>([
    ticket.createdById,
    ...ticket.comments.map((c) => c.authorId),
    ...ticket.attachments.map((a) => a.uploadedById),
    ...ticket.history.flatMap((h) => (h.userId === null ? [] : [h.userId])),
    ...historyIds(ticket, 'assigned_to'),
  ]);
  const customerIds = new Set<number>([ticket.customerId, ...historyIds(ticket, 'customer')]);
  const [users, customers] = await Promise.all([dir.getUsers([...userIds]), dir.getCustomers([...customerIds])]);
  for (const u of users) userNames.set(u.id, u.name);
  for (const c of customers) customerNames.set(c.id, c.name);
  return { userNames, customerNames };
}

/**
 * Loads what the ticket page shows through the core (`tickets.get`), with the status choices the
 * lifecycle allows from the current status. `overrides` carry a failed form's values and errors.
 */
export async function loadTicketPage(
  config: AdminConfig,
  actor: Actor,
  id: number,
  overrides: Partial<TicketPageModel> = {},
): Promise<TicketPageModel> {
  const ticket = await config.ticketing.tickets.get(actor, id);
  const statusChoices = [ticket.status, ...allowedTransitions(ticket.status)].map((s) => ({
    value: s,
    label: s === ticket.status ? `${humanize(s)} (current)` : humanize(s),
  }));
  return {
    ticket,
    values: ticketFormValues(ticket),
    errors: {},
    statusChoices,
    categories: config.ticketing.categories,
    uploadLimitBytes: config.ticketing.uploadLimitBytes,
    now: config.ticketing.clock.now(),
    slaPolicyName: ticket.slaPolicyId == null ? null : await config.ticketing.sla.policies.get(actor, ticket.slaPolicyId).then((p) => p.name, () => null),
    ...(await names(config, ticket)),
    ...overrides,
  };
}
