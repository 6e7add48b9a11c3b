import { TICKET_STATUSES, type Actor, type Ticketing } from '@tessera/core';
import { Hono } from 'hono';
import type { DailyCount } from '../charts/index.js';
import type { AdminConfig, AdminEnv } from '../context.js';
import { takeFlashes } from '../flash.js';
import { pageContext } from '../guard.js';
import { dashboardPage } from '../views/dashboard.js';
import { toWireStatistics } from '../../wire/serialize.js';
import { durationPercentiles } from '../duration-percentiles.js';

/** Days the volume chart covers, today (UTC) included. */
export const DASHBOARD_DAYS = 30;
const DAY_MS = 86_400_000;
/** Statuses that count as backlog: everything not resolved or closed. */
const BACKLOG = TICKET_STATUSES.filter((s) => s !== 'resolved' && s !== 'closed');

/** The last `days` UTC days up to `now`'s, oldest first, as `YYYY-MM-DD`. */
function lastDays(now: Date, days: number): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

/**
 * Tickets created per UTC day, zeros included. Each day is one count of the list query
 * (`created_after` = `created_before` = that day), which the stores answer from the `created_at`
 * index without reading rows.
 */
async function dailyCounts(ticketing: Ticketing, actor: Actor, dayList: readonly string[]): Promise<DailyCount[]> {
  return Promise.all(
    dayList.map(async (day) => {
      const page = await ticketing.tickets.list(actor, { createdAfter: day, createdBefore: day, pageSize: 1 });
      return { day, count: page.count };
    }),
  );
}

/** `/dashboard`: the charts, from the same service queries the REST API runs. */
export function dashboardRoutes(config: AdminConfig): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.get('/dashboard', async (c) => {
    const { ticketing } = config;
    const actor = c.get('actor');
    const days = lastDays(ticketing.clock.now(), DASHBOARD_DAYS);
    // The percentiles cover the volume chart's days: tickets created since its first day.
    const since = days[0]!;
    const [daily, stats, durations] = await Promise.all([
      dailyCounts(ticketing, actor, days),
      ticketing.tickets.statistics(actor, {}),
      ticketing.tickets.percentiles(actor, { createdAfter: since }).then((result) => durationPercentiles(result, since)),
    ]);
    const backlog = Object.fromEntries(BACKLOG.map((s) => [s, stats.byStatus[s]]));
    const wire = toWireStatistics(stats) as { sla?: Parameters<typeof dashboardPage>[1]['sla'] };
    const model = { daily, backlog, sla: wire.sla ?? null, durations, flashes: await takeFlashes(c, config) };
    return c.html(dashboardPage(pageContext(c, config), model));
  });
  return app;
}
