import { html } from 'hono/html';
import type { PageContext } from '../context.js';
import type { Html } from './html.js';
import { layout } from './layout.js';

/** What happened to one ticket of a bulk action. */
export interface BulkOutcome {
  id: number;
  ticketNumber: string | null;
  outcome: 'updated' | 'unchanged' | 'refused' | 'failed';
  /** Why it was refused or failed. */
  message?: string;
}

const LABELS: Record<BulkOutcome['outcome'], string> = {
  updated: 'Updated',
  unchanged: 'Already so',
  refused: 'Refused by the lifecycle',
  failed: 'Failed',
};

/** Reports each ticket of a bulk action, refusals first. */
export function bulkResultPage(page: PageContext, description: string, outcomes: BulkOutcome[], returnTo: string): Html {
  const refused = outcomes.filter((o) => o.outcome === 'refused' || o.outcome === 'failed');
  const done = outcomes.filter((o) => o.outcome === 'updated' || o.outcome === 'unchanged');
  const sorted = [...refused, ...done];
  return layout(
    page,
    'Bulk action',
    html`<h1>Bulk action: ${description}</h1>
    <p role="status" class="notice ${refused.length ? 'notice-error' : 'notice-success'}">
      ${done.length} of ${outcomes.length} ticket${outcomes.length === 1 ? '' : 's'} done; ${refused.length} refused.
    </p>
    <div class="table-wrap"><table class="bulk-results">
      <thead><tr><th scope="col">Ticket</th><th scope="col">Result</th><th scope="col">Details</th></tr></thead>
      <tbody>${sorted.map(
        (o) => html`<tr class="result-${o.outcome}">
          <td data-label="Ticket"><a href="${page.base}/tickets/${o.id}">${o.ticketNumber ?? `#${o.id}`}</a></td>
          <td data-label="Result">${LABELS[o.outcome]}</td>
          <td data-label="Details">${o.message ?? ''}</td>
        </tr>`,
      )}</tbody>
    </table></div>
    <p><a class="btn" href="${page.base}/tickets${returnTo}">Back to the list</a></p>`,
  );
}
