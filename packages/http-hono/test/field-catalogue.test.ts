import {
  effectiveChangesIn,
  historyForChangesIn,
  staffOnlyFields,
  TICKET_FIELDS,
  ticketInputSchemas,
  ticketViewsIn,
  toFieldIssues,
  type Ticket,
  type TicketFieldCatalogue,
} from '@tessera/core';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ticketBodySchemas, toTicketInput } from '../src/wire/bodies.js';
import { drfMessage } from '../src/wire/messages.js';
import { wireTicketSchemaFor } from '../src/wire/responses.js';
import { toWireTicket, wireTicketSerializer } from '../src/wire/serialize.js';
import { ticketFieldsIn, ticketFormFieldsIn, ticketFormValuesIn } from '../src/admin/views/ticket-form.js';
import { toTicketInputIn } from '../src/admin/ticket-form-input.js';
import { listColumnsIn } from '../src/admin/views/ticket-list.js';

/**
 * The catalogue is the one place a ticket field is declared: an extra optional field added to it
 * (here `channel`: email | web | phone) must flow through validation, views, the wire, history,
 * permissions and the admin form with no other edit. (Stores: the shared store layer's tests;
 * OpenAPI: generated from the wire schemas checked here.)
 */
const WITH_CHANNEL = {
  ...TICKET_FIELDS,
  channel: {
    wire: 'channel',
    column: 'channel',
    kind: 'code',
    nullable: true,
    writer: 'customer',
    history: 'updated',
    choices: ['email', 'web', 'phone'],
    label: 'Channel',
  },
} as const satisfies TicketFieldCatalogue;

const now = new Date('2025-02-01T00:00:00Z');
const row = {
  id: 7, sequence: 7, ticketNumber: 'TKT-000007', subject: 'Printer', description: 'On fire', status: 'open', priority: 'high',
  category: 'general', customerId: 3, assignedToId: null, createdById: 1, createdAt: now, updatedAt: now, resolvedAt: null,
  closedAt: null, dueDate: null, estimatedHours: 1.5, actualHours: null, tags: ['printer'], firstResponseAt: null, version: 2,
  channel: 'web',
} as Ticket & { channel: string };

describe('the derived wire ticket', () => {
  it('keeps the seed wire fields in their documented order', async () => {
    const { channel: _channel, ...plain } = row;
    const [view] = await ticketViewsIn(TICKET_FIELDS, [plain as Ticket], null, now);
    expect(Object.keys(toWireTicket(view as never))).toEqual([
      'id', 'ticket_number', 'subject', 'description', 'status', 'priority', 'category', 'customer', 'assigned_to',
      'created_by', 'created_at', 'updated_at', 'resolved_at', 'closed_at', 'due_date', 'estimated_hours', 'actual_hours',
      'tags', 'tag_list', 'version', 'first_response_at', 'response_time_hours', 'resolution_time_hours', 'is_overdue',
      'customer_details', 'assigned_to_details', 'created_by_details',
    ]);
  });
});

describe('adding a field to the catalogue', () => {
  it('validates it in core and on the wire, with the same codes', () => {
    const core = ticketInputSchemas(WITH_CHANNEL);
    expect(core.patch.parse({ channel: 'phone' })).toEqual({ channel: 'phone' });
    expect(core.patch.parse({ channel: null })).toEqual({ channel: null });
    expect(core.create.parse({ subject: 's', description: 'd' })).not.toHaveProperty('channel');
    const bad = core.patch.safeParse({ channel: 'fax' }, { reportInput: true });
    expect(bad.success ? {} : toFieldIssues(bad.error.issues)).toEqual({ channel: [{ code: 'invalid_choice', params: { input: 'fax' } }] });

    const wire = ticketBodySchemas(WITH_CHANNEL, ['general']);
    const wireBad = wire.ticketPatch.safeParse({ channel: 'fax' }, { reportInput: true });
    const issues = wireBad.success ? [] : toFieldIssues(wireBad.error.issues).channel!;
    expect(issues.map((i) => drfMessage(i))).toEqual(['"fax" is not a valid choice.']);
    expect(toTicketInput(wire.ticketCreate.parse({ subject: 's', description: 'd', channel: 'email' }), WITH_CHANNEL)).toEqual({
      subject: 's',
      description: 'd',
      channel: 'email',
    });
  });

  it('shows it in views, the wire serializer and the wire schema (hence OpenAPI)', async () => {
    const [view] = await ticketViewsIn(WITH_CHANNEL, [row], null, now);
    expect(view).toMatchObject({ channel: 'web', ticketNumber: 'TKT-000007', isOverdue: false, customerDetails: null });
    const wire = wireTicketSerializer(WITH_CHANNEL)(view!);
    expect(wire).toMatchObject({ channel: 'web', ticket_number: 'TKT-000007', tags: 'printer', tag_list: ['printer'], customer: 3 });
    expect(wire).not.toHaveProperty('sequence');
    const schema = wireTicketSchemaFor(WITH_CHANNEL);
    expect(schema.parse(wire)).toEqual(wire);
    expect(schema.safeParse({ ...wire, channel: 'fax' }).success).toBe(false);
    const json = z.toJSONSchema(schema) as { properties: Record<string, unknown>; required: string[] };
    expect(json.properties.channel).toMatchObject({ anyOf: [{ enum: ['email', 'web', 'phone'] }, { type: 'null' }] });
    expect(json.required).toContain('channel');
  });

  it('writes its changes to history with the declared action and wire name', () => {
    const changes = effectiveChangesIn(WITH_CHANNEL, row, { channel: 'phone', subject: 'Printer' });
    expect(changes).toEqual({ channel: 'phone' });
    expect(historyForChangesIn(WITH_CHANNEL, row, changes, 1, now)).toEqual([
      { ticketId: 7, userId: 1, action: 'updated', fieldName: 'channel', oldValue: 'web', newValue: 'phone', timestamp: now, isInternal: false },
    ]);
  });

  it('takes its writer into customer permissions', () => {
    expect(staffOnlyFields(WITH_CHANNEL)).not.toContain('channel');
    const staffOnly = { ...WITH_CHANNEL, channel: { ...WITH_CHANNEL.channel, writer: 'staff' } } as const satisfies TicketFieldCatalogue;
    expect(staffOnlyFields(staffOnly)).toContain('channel');
  });

  it('puts it in the admin form, reads it back and sends only real changes', async () => {
    expect(ticketFormFieldsIn(WITH_CHANNEL)).toContain('channel');
    const [view] = await ticketViewsIn(WITH_CHANNEL, [row], null, now);
    const values = ticketFormValuesIn(WITH_CHANNEL, view!);
    expect(values.channel).toBe('web');
    const page = { base: '/admin', title: 't', csrf: 'x', user: null };
    const html = String(ticketFieldsIn(WITH_CHANNEL, page, values, { channel: ['Pick one.'] }, { categories: ['general'] }));
    expect(html).toMatch(/<label for="f-channel">Channel<\/label>\s*<select id="f-channel" name="channel"/u);
    expect(html).toContain('<option value="web" selected>Web</option>');
    expect(html).toContain('<option value="">—</option>');
    expect(html).toContain('id="f-channel-error">Pick one.');
    expect(toTicketInputIn(WITH_CHANNEL, { ...values, channel: 'phone' }, values).input).toEqual({ channel: 'phone' });
    expect(toTicketInputIn(WITH_CHANNEL, { ...values, channel: '' }, values).input).toEqual({ channel: null });
  });

  it('becomes a column of the admin list when it declares one', () => {
    const labels = (c: TicketFieldCatalogue) => listColumnsIn(c).map((col) => col.label);
    expect(labels(TICKET_FIELDS)).toEqual(['Number', 'Subject', 'Status', 'Priority', 'Category', 'Customer', 'Assignee', 'Created', 'Due']);
    expect(labels(WITH_CHANNEL)).not.toContain('Channel');
    const listed = { ...WITH_CHANNEL, channel: { ...WITH_CHANNEL.channel, listColumn: { label: 'Channel' } } } as const satisfies TicketFieldCatalogue;
    expect(labels(listed).at(-1)).toBe('Channel');
  });
});
