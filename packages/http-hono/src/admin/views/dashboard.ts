import { html } from 'hono/html';
import {
  attainmentChart,
  dailyVolumeChart,
  percentileChart,
  statusBacklogChart,
  type DailyCount,
  type SlaCounts,
} from '../charts/index.js';
import type { DashboardDurations } from '../duration-percentiles.js';
import type { PageContext } from '../context.js';
import type { Flash, Html } from './html.js';
import { layout } from './layout.js';

/** What the dashboard draws. */
export interface DashboardModel {
  /** Tickets created per UTC day, oldest first, every day present (zeros included). */
  daily: DailyCount[];
  /** Open tickets per backlog status. */
  backlog: Record<string, number>;
  /** The statistics' SLA counts (null when the service reports none). */
  sla: SlaCounts | null;
  /** Response/resolution time percentiles over the tickets created in the window (null groups draw "No data yet"). */
  durations: DashboardDurations;
  flashes?: Flash[];
}

function card(id: string, heading: string, chart: Html, note?: Html | string): Html {
  return html`<section class="card chart-card" aria-labelledby="${id}-h">
    <h2 id="${id}-h">${heading}</h2>
    <div class="chart-box">${chart}</div>
    ${note ? html`<p class="hint">${note}</p>` : ''}
  </section>`;
}

function durationsCard(d: DashboardDurations, days: number): Html {
  const window = `created in the last ${days} days`;
  const chart = percentileChart(d.values, d.unit, {
    idPrefix: 'durations',
    title: `Response and resolution times (${d.unit}) of the tickets ${window}, since ${d.since} (UTC)`,
  });
  const note = `${d.tickets} ${d.tickets === 1 ? 'ticket' : 'tickets'} ${window} (since ${d.since}, UTC): ${d.responded} answered, ${d.resolved} resolved. Median, 90th and 95th percentile of the time from creation (wall clock, in ${d.unit}); tickets not yet answered or resolved are not counted.`;
  return card('durations', `Response and resolution times, last ${days} days`, chart, note);
}

/** `/dashboard`: volume, backlog, SLA attainment and duration percentiles, drawn server-side as SVG. */
export function dashboardPage(page: PageContext, m: DashboardModel): Html {
  const total = m.daily.reduce((sum, d) => sum + d.count, 0);
  const backlog = Object.values(m.backlog).reduce((sum, n) => sum + n, 0);
  const noSla = { first_response: { active: 0, fulfilled: 0, breached: 0 }, resolution: { active: 0, paused: 0, fulfilled: 0, breached: 0 } };
  return layout(
    page,
    'Dashboard',
    html`<h1>Dashboard</h1>
    <div class="dashboard">
      ${card('volume', 'Tickets created per day', dailyVolumeChart(m.daily, { idPrefix: 'volume' }), `${total} in the last ${m.daily.length} days (UTC).`)}
      ${card('backlog', 'Backlog by status', statusBacklogChart(m.backlog, { idPrefix: 'backlog' }), html`${backlog} open. <a href="${page.base}/tickets">See the tickets</a>`)}
      ${card('attainment', 'SLA attainment', attainmentChart(m.sla ?? noSla, { idPrefix: 'attainment' }), html`Met ÷ (met + breached), per target. <a href="${page.base}/tickets?sla_breached=true">Breached tickets</a>`)}
      ${durationsCard(m.durations, m.daily.length)}
    </div>`,
    m.flashes,
  );
}
