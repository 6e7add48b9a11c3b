import { formatFileSize, type Attachment, type Comment, type HistoryEntry, type TicketDetail } from '@tessera/core';
import { html } from 'hono/html';
import type { PageContext } from '../context.js';
import { checkboxField, csrfField, inputField, textareaField, type Choice, type FormErrors } from './fields.js';
import { badge, dateTime, hours, humanize, type Flash, type Html } from './html.js';
import { layout } from './layout.js';
import { slaBadge } from './sla-badge.js';
import { ticketFields, type TicketFormValues } from './ticket-form.js';

/** Everything the ticket page shows. */
export interface TicketPageModel {
  ticket: TicketDetail;
  values: TicketFormValues;
  errors: FormErrors;
  statusChoices: Choice[];
  categories: readonly string[];
  /** Names of comment authors, uploaders and history users, by user id. */
  userNames: ReadonlyMap<number, string>;
  /** Names of customers mentioned in the history, by id. */
  customerNames: ReadonlyMap<number, string>;
  /** Errors of the comment and upload forms. */
  commentErrors?: FormErrors;
  uploadErrors?: FormErrors;
  commentValues?: { content?: string; is_internal?: boolean };
  uploadLimitBytes: number;
  flashes?: Flash[];
  /** The service clock's time (SLA time left) and the name of the ticket's SLA policy. */
  now?: Date;
  slaPolicyName?: string | null;
}

function person(names: ReadonlyMap<number, string>, id: number | null): string {
  if (id === null) return 'System';
  return names.get(id) ?? `User #${id}`;
}

function slaRows(m: TicketPageModel): Html {
  const t = m.ticket;
  if (t.slaPolicyId == null) return html`<div><dt>SLA</dt><dd><span class="muted">No policy</span></dd></div>`;
  return html`<div><dt>SLA</dt><dd>${slaBadge(t, m.now ?? new Date())}</dd></div>
      <div><dt>SLA policy</dt><dd>${m.slaPolicyName ?? `#${t.slaPolicyId}`}</dd></div>
      <div><dt>First response due</dt><dd>${dateTime(t.firstResponseDueAt ?? null)}${t.firstResponseBreached ? html` <span class="badge sla-breached">Missed</span>` : ''}</dd></div>
      <div><dt>Resolution due</dt><dd>${dateTime(t.resolutionDueAt ?? null)}${t.resolutionBreached ? html` <span class="badge sla-breached">Missed</span>` : ''}</dd></div>
      <div><dt>Response (business)</dt><dd>${hours(t.responseTimeBusinessHours)}</dd></div>
      <div><dt>Resolution (business)</dt><dd>${hours(t.resolutionTimeBusinessHours)}</dd></div>`;
}

function metrics(m: TicketPageModel, names: ReadonlyMap<number, string>): Html {
  const t = m.ticket;
  return html`<section aria-labelledby="metrics-h" class="card">
    <h2 id="metrics-h">Metrics</h2>
    <dl class="metrics">
      ${slaRows(m)}
      <div><dt>Response time</dt><dd>${hours(t.responseTimeHours)}</dd></div>
      <div><dt>Resolution time</dt><dd>${hours(t.resolutionTimeHours)}</dd></div>
      <div><dt>Overdue</dt><dd>${t.isOverdue ? html`<span class="badge overdue-flag">Overdue</span>` : 'No'}</dd></div>
      <div><dt>First response</dt><dd>${dateTime(t.firstResponseAt)}</dd></div>
      <div><dt>Created</dt><dd>${dateTime(t.createdAt)} by ${t.createdByDetails?.name ?? person(names, t.createdById)}</dd></div>
      <div><dt>Updated</dt><dd>${dateTime(t.updatedAt)}</dd></div>
      <div><dt>Resolved</dt><dd>${dateTime(t.resolvedAt)}</dd></div>
      <div><dt>Closed</dt><dd>${dateTime(t.closedAt)}</dd></div>
    </dl>
  </section>`;
}

function comment(c: Comment, names: ReadonlyMap<number, string>): Html {
  return html`<li class="comment${c.isInternal ? ' internal' : ''}" id="comment-${c.id}">
    <p class="meta"><strong>${person(names, c.authorId)}</strong> · ${dateTime(c.createdAt)}${
      c.isInternal ? html` <span class="badge internal-flag">Internal</span>` : ''
    }</p>
    <div class="content">${c.content}</div>
  </li>`;
}

function comments(page: PageContext, m: TicketPageModel): Html {
  const t = m.ticket;
  return html`<section aria-labelledby="comments-h" class="card">
    <h2 id="comments-h">Comments (${t.comments.length})</h2>
    ${t.comments.length ? html`<ol class="comments">${t.comments.map((c) => comment(c, m.userNames))}</ol>` : html`<p class="muted">No comments yet.</p>`}
    <form method="post" action="${page.base}/tickets/${t.id}/comments" class="stack">
      ${csrfField(page.csrf)}
      ${textareaField({ name: 'content', label: 'Add a comment', value: m.commentValues?.content, required: true, rows: 4, errors: m.commentErrors })}
      ${checkboxField({ name: 'is_internal', label: 'Internal note (hidden from the customer)', checked: m.commentValues?.is_internal })}
      <div class="actions"><button type="submit" class="btn btn-primary">Add comment</button></div>
    </form>
  </section>`;
}

function attachmentRow(page: PageContext, a: Attachment, names: ReadonlyMap<number, string>): Html {
  return html`<tr>
    <td data-label="File"><a href="${page.base}/attachments/${a.id}/download">${a.filename}</a></td>
    <td data-label="Size">${formatFileSize(a.fileSize)}</td>
    <td data-label="Description">${a.description}</td>
    <td data-label="Uploaded">${person(names, a.uploadedById)} · ${dateTime(a.uploadedAt)}</td>
    <td data-label="Remove"><form method="post" action="${page.base}/attachments/${a.id}/remove" data-confirm="Remove ${a.filename}?">
      ${csrfField(page.csrf)}<button type="submit" class="btn btn-small btn-danger">Remove<span class="visually-hidden"> ${a.filename}</span></button>
    </form></td>
  </tr>`;
}

function attachments(page: PageContext, m: TicketPageModel): Html {
  const t = m.ticket;
  return html`<section aria-labelledby="attachments-h" class="card">
    <h2 id="attachments-h">Attachments (${t.attachments.length})</h2>
    ${
      t.attachments.length
        ? html`<div class="table-wrap"><table class="attachments">
        <thead><tr><th scope="col">File</th><th scope="col">Size</th><th scope="col">Description</th><th scope="col">Uploaded</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>${t.attachments.map((a) => attachmentRow(page, a, m.userNames))}</tbody>
      </table></div>`
        : html`<p class="muted">No attachments.</p>`
    }
    <form method="post" action="${page.base}/tickets/${t.id}/attachments" enctype="multipart/form-data" class="stack">
      ${csrfField(page.csrf)}
      ${inputField({ name: 'file', label: 'Upload a file', type: 'file', required: true, errors: m.uploadErrors, hint: `Up to ${formatFileSize(m.uploadLimitBytes)}.` })}
      ${inputField({ name: 'description', id: 'f-attachment-description', label: 'File description', errors: m.uploadErrors })}
      <div class="actions"><button type="submit" class="btn btn-primary">Upload</button></div>
    </form>
  </section>`;
}

function historyValue(m: TicketPageModel, field: string | null, value: string | null): Html {
  if (value === null || value === '') return html`<span class="muted">—</span>`;
  if (field === 'status' || field === 'priority') return badge(field, value);
  const id = /^\d+$/u.test(value) ? Number(value) : null;
  if (id !== null && field === 'assigned_to' && m.userNames.has(id)) return html`${m.userNames.get(id)} (#${id})`;
  if (id !== null && field === 'customer' && m.customerNames.has(id)) return html`${m.customerNames.get(id)} (#${id})`;
  const shown = value.length > 200 ? `${value.slice(0, 200)}…` : value;
  return html`${shown}`;
}

function historyRow(m: TicketPageModel, h: HistoryEntry): Html {
  return html`<tr>
    <td data-label="When">${dateTime(h.timestamp)}</td>
    <td data-label="Who">${person(m.userNames, h.userId)}</td>
    <td data-label="Action">${humanize(h.action)}</td>
    <td data-label="Field">${h.fieldName ?? ''}</td>
    <td data-label="From">${historyValue(m, h.fieldName, h.oldValue)}</td>
    <td data-label="To">${historyValue(m, h.fieldName, h.newValue)}</td>
  </tr>`;
}

function history(m: TicketPageModel): Html {
  return html`<section aria-labelledby="history-h" class="card">
    <h2 id="history-h">Audit trail (${m.ticket.history.length})</h2>
    <div class="table-wrap"><table class="history">
      <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Field</th><th scope="col">From</th><th scope="col">To</th></tr></thead>
      <tbody>${m.ticket.history.map((h) => historyRow(m, h))}</tbody>
    </table></div>
  </section>`;
}

/** The ticket page: editable fields, metrics, comments, attachments and the audit trail. */
export function ticketPage(page: PageContext, m: TicketPageModel): Html {
  const t = m.ticket;
  return layout(
    page,
    `${t.ticketNumber} ${t.subject}`,
    html`<p class="crumbs"><a href="${page.base}/tickets">Tickets</a> / ${t.ticketNumber}</p>
    <div class="page-head">
      <h1><span class="number">${t.ticketNumber}</span> ${t.subject}</h1>
      <p class="badges">${badge('status', t.status)} ${badge('priority', t.priority)}${
        t.isOverdue ? html` <span class="badge overdue-flag">Overdue</span>` : ''
      }</p>
    </div>
    <div class="ticket-layout">
      <div class="main-col">
        <section aria-labelledby="edit-h" class="card">
          <h2 id="edit-h">Details</h2>
          <form method="post" action="${page.base}/tickets/${t.id}" class="stack">
            ${csrfField(page.csrf)}
            <input type="hidden" name="version" value="${t.version}">
            ${ticketFields(page, m.values, m.errors, { categories: m.categories, statusChoices: m.statusChoices })}
            <div class="actions"><button type="submit" class="btn btn-primary">Save changes</button></div>
          </form>
        </section>
        <form method="post" action="${page.base}/tickets/${t.id}/delete" class="danger-zone" data-confirm="Delete ${t.ticketNumber} with its comments, attachments and history?">
          ${csrfField(page.csrf)}
          <button type="submit" class="btn btn-danger">Delete ${t.ticketNumber}</button>
        </form>
        ${comments(page, m)}
        ${attachments(page, m)}
      </div>
      <div class="side-col">${metrics(m, m.userNames)}</div>
    </div>
    ${history(m)}`,
    m.flashes,
  );
}
