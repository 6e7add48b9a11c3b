import { describe, expect, it } from 'vitest';
import { STORE_KINDS, useFixture } from './fixture.js';

/** The staff answer, written out as an object literal (key order matters: `JSON.stringify` keeps it). */
const STAFF: Record<string, unknown> = {
  id: 1, ticket_number: 'TKT-000001', subject: 'Printer "jam" \\ tray 2',
  description: 'Login fails after password reset', status: 'in_progress', priority: 'medium', category: 'general',
  customer: 1, assigned_to: null, created_by: 1, created_at: '2025-01-15T12:00:00Z', updated_at: '2025-01-15T13:00:00Z',
  resolved_at: null, closed_at: null, due_date: '2025-01-20T09:30:00Z', estimated_hours: 1.5, actual_hours: null,
  tags: 'hardware, urgent', tag_list: ['hardware', 'urgent'], version: 2, first_response_at: '2025-01-15T12:05:00.250Z',
  response_time_hours: 0.08, resolution_time_hours: null, is_overdue: false,
  customer_details: { id: 1, name: 'Acme Corp', email: 'ops@acme.test' }, assigned_to_details: null,
  created_by_details: { id: 1, name: 'Alice', email: 'alice@example.test' }, sla_policy: null,
  first_response_due_at: null, first_response_breached: false, resolution_due_at: null, resolution_breached: false,
  sla_status: 'none', response_time_business_hours: null, resolution_time_business_hours: null,
  comments: [
    { id: 1, ticket: 1, author: 1, content: 'Looking into it.\nLine two ✓', is_internal: false, created_at: '2025-01-15T12:05:00.250Z', updated_at: '2025-01-15T12:05:00.250Z' },
    { id: 2, ticket: 1, author: 2, content: 'Internal: check the logs.', is_internal: true, created_at: '2025-01-15T12:06:00Z', updated_at: '2025-01-15T12:06:00Z' },
  ],
  attachments: [
    { id: 1, ticket: 1, filename: 'screen shot.png', file_size: 100, file_size_display: '100 B', content_type: 'image/png', description: 'Error dialog', uploaded_by: 3, uploaded_at: '2025-01-15T12:07:00Z', download_url: 'http://localhost/api/ticketing/attachments/1/download/' },
  ],
  history: [
    { id: 1, ticket: 1, user: 1, action: 'created', field_name: null, old_value: null, new_value: 'TKT-000001', timestamp: '2025-01-15T12:00:00Z' },
    { id: 2, ticket: 1, user: 1, action: 'comment_added', field_name: null, old_value: null, new_value: '1', timestamp: '2025-01-15T12:05:00.250Z' },
    { id: 3, ticket: 1, user: 2, action: 'comment_added', field_name: null, old_value: null, new_value: '2', timestamp: '2025-01-15T12:06:00Z' },
    { id: 4, ticket: 1, user: 3, action: 'attachment_added', field_name: null, old_value: null, new_value: 'screen shot.png', timestamp: '2025-01-15T12:07:00Z' },
    { id: 5, ticket: 1, user: 1, action: 'status_changed', field_name: 'status', old_value: 'new', new_value: 'in_progress', timestamp: '2025-01-15T13:00:00Z' },
  ],
};

/** Staff-only fields of the detail. */
const SLA_FIELDS = new Set([
  'sla_policy', 'first_response_due_at', 'first_response_breached', 'resolution_due_at', 'resolution_breached',
  'sla_status', 'response_time_business_hours', 'resolution_time_business_hours',
]);

/**
 * The customer's answer: the staff's in the same key order, without the SLA fields, the internal
 * comment and the history row that records it.
 */
const CUSTOMER: Record<string, unknown> = {
  ...Object.fromEntries(Object.entries(STAFF).filter(([key]) => !SLA_FIELDS.has(key))),
  comments: (STAFF.comments as Array<{ is_internal: boolean }>).filter((c) => !c.is_internal),
  history: (STAFF.history as Array<{ id: number }>).filter((h) => h.id !== 3),
};

const STAFF_DETAIL = JSON.stringify(STAFF);
const CUSTOMER_DETAIL = JSON.stringify(CUSTOMER);

/**
 * The ticket detail answer byte for byte — key order, embedded comments, attachments and history,
 * staff (SLA fields, internal rows) and customer views — on every store, so a change to how the
 * detail is read or serialized cannot change the wire.
 */
describe.each(STORE_KINDS)('ticket detail bytes (%s store)', (kind) => {
  const f = useFixture(kind, { uploadLimitBytes: 1024 });

  /** A ticket with a public and an internal comment, an attachment and a status change, each a moment apart. */
  async function busyTicket() {
    const t = await f.ticket({ subject: 'Printer "jam" \\ tray 2', tags: 'hardware, urgent', due_date: '2025-01-20T09:30:00Z', estimated_hours: 1.5 });
    f.clock.set('2025-01-15T12:05:00.250Z');
    await f.call(f.alice, 'POST', `/tickets/${t.id}/add_comment/`, { content: 'Looking into it.\nLine two ✓' });
    f.clock.set('2025-01-15T12:06:00Z');
    await f.call(f.bob, 'POST', `/tickets/${t.id}/add_comment/`, { content: 'Internal: check the logs.', is_internal: true });
    f.clock.set('2025-01-15T12:07:00Z');
    const data = new FormData();
    data.append('file', new File([new Uint8Array(100).fill(7)], 'screen shot.png', { type: 'image/png' }));
    data.append('description', 'Error dialog');
    await f.call(f.carol, 'POST', `/tickets/${t.id}/add_attachment/`, data);
    f.clock.set('2025-01-15T13:00:00Z');
    await f.call(f.alice, 'POST', `/tickets/${t.id}/change_status/`, { status: 'in_progress' });
    f.clock.set('2025-01-16T08:00:00Z');
    return t.id as number;
  }

  it('answers staff with every field, SLA fields and internal rows, in a fixed order', async () => {
    const id = await busyTicket();
    const res = await f.request(f.alice, 'GET', `/tickets/${id}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(STAFF_DETAIL);
  });

  it('answers the customer without SLA fields, internal comments and internal history', async () => {
    const id = await busyTicket();
    const res = await f.request(f.carol, 'GET', `/tickets/${id}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(CUSTOMER_DETAIL);
  });
});

