import type { DeliveryAttempt, PublicSubscription } from '@tessera/webhooks';
import { html } from 'hono/html';
import type { PageContext } from '../context.js';
import { dateTime, humanize, type Html } from './html.js';
import { layout } from './layout.js';

/** One subscription with its most recent attempts (newest first) and how many there are in all. */
export interface SubscriptionWithDeliveries {
  subscription: PublicSubscription;
  deliveries: DeliveryAttempt[];
  totalDeliveries: number;
}

/** Outcome badge colours reuse the status palette: delivered green, retrying amber, failed red, pending blue. */
const OUTCOME_CLASS: Record<DeliveryAttempt['outcome'], string> = {
  delivered: 'status-resolved',
  retrying: 'status-in_progress',
  failed: 'overdue-flag',
  pending: 'status-open',
};

function deliveriesTable(entry: SubscriptionWithDeliveries): Html {
  if (entry.deliveries.length === 0) return html`<p class="muted">No deliveries yet.</p>`;
  return html`<div class="table-wrap">
    <table>
      <caption class="muted">Latest ${entry.deliveries.length} of ${entry.totalDeliveries} attempts</caption>
      <thead><tr><th>Event</th><th>Type</th><th>Attempt</th><th>Outcome</th><th>Status code</th><th>Duration</th><th>Error</th><th>Scheduled</th><th>Delivered</th></tr></thead>
      <tbody>
        ${entry.deliveries.map(
          (d) => html`<tr class="delivery">
            <td data-label="Event">${d.eventId}</td>
            <td data-label="Type">${d.eventType}</td>
            <td data-label="Attempt">${d.attempt}</td>
            <td data-label="Outcome"><span class="badge ${OUTCOME_CLASS[d.outcome]}">${humanize(d.outcome)}</span></td>
            <td data-label="Status code" class="status-code">${d.statusCode ?? '—'}</td>
            <td data-label="Duration">${d.durationMs === null ? '—' : `${Math.round(d.durationMs)} ms`}</td>
            <td data-label="Error">${d.error ?? ''}</td>
            <td data-label="Scheduled">${dateTime(d.createdAt)}</td>
            <td data-label="Delivered">${dateTime(d.deliveredAt)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** `/webhooks`: every subscription (a page of them) and its recent delivery attempts with status codes. */
export function webhooksPage(
  page: PageContext,
  view: { enabled: false } | { enabled: true; count: number; entries: SubscriptionWithDeliveries[] },
): Html {
  if (!view.enabled) {
    return layout(page, 'Webhooks', html`<h1>Webhooks</h1><p>Webhooks are not enabled on this server.</p>`);
  }
  const body = html`<div class="page-head"><h1>Webhooks</h1><p class="muted">${view.count} subscription${view.count === 1 ? '' : 's'}; manage them through the API at <code>/webhooks/</code>.</p></div>
    ${view.entries.length === 0 ? html`<p>No webhook subscriptions yet.</p>` : ''}
    ${view.entries.map(
      ({ subscription: s, ...rest }) => html`<section class="card webhook" id="webhook-${s.id}">
        <h2>#${s.id} <code>${s.url}</code></h2>
        <p class="badges">
          <span class="badge ${s.isActive ? 'status-resolved' : 'status-closed'}">${s.isActive ? 'Active' : 'Inactive'}</span>
          ${s.includeInternal ? html`<span class="badge internal-flag">Includes internal</span>` : ''}
        </p>
        <p>Events: ${s.events.join(', ')}</p>
        ${s.description ? html`<p class="muted">${s.description}</p>` : ''}
        ${s.failingSince ? html`<p>Failing since ${dateTime(s.failingSince)}</p>` : ''}
        ${deliveriesTable({ subscription: s, ...rest })}
      </section>`,
    )}`;
  return layout(page, 'Webhooks', body);
}
