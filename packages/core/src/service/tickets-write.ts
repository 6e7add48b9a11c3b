import { z } from 'zod';
import { applyStatusChange } from '../domain/lifecycle.js';
import { effectiveChanges, historyForChanges, type TicketChanges } from '../domain/history.js';
import {
  createTicketInputSchema,
  patchTicketInputSchema,
  updateTicketInputSchema,
  type CreateTicketInput,
  type PatchTicketInput,
} from '../domain/inputs.js';
import type { Actor, Ticket } from '../domain/model.js';
import { formatTicketNumber } from '../domain/numbering.js';
import { editableFields, TICKET_FIELDS, type TicketFieldCatalogue } from '../domain/ticket-fields.js';
import { ConflictError, ForbiddenError, ValidationError } from '../errors.js';
import type { NewTicket, TicketPatch } from '../ports/ticket-store.js';
import { ticketStatusSchema } from '../domain/enums.js';
import {
  categoryIssues,
  emitAll,
  inTransaction,
  referenceIssues,
  throwIfIssues,
  type PendingEvent,
  type ServiceContext,
} from './context.js';
import { memoizeDirectory } from './directory-memo.js';
import { appendToOutbox } from './outbox.js';
import { assertCanSee, assertMayChange, assertStaff, customerScope } from './policy.js';
import type { TicketView, WriteOptions } from './types.js';
import { mergeIssues, parseFields, parseInput } from './validate.js';
import {
  calendarsByPolicy,
  loadSlaSetup,
  slaBreachEvents,
  slaBreachHistory,
  slaFieldsForChange,
  slaFieldsForNewTicket,
  type SlaSetup,
} from './sla-clocks.js';
import { ticketViewsFor } from './sla-views.js';

type CreateData = Partial<z.output<typeof createTicketInputSchema>>;

// Nullable fields a caller may leave out start empty; the catalogue says which they are.
const EMPTY_OPTIONAL_FIELDS = Object.fromEntries(
  editableFields(TICKET_FIELDS as TicketFieldCatalogue)
    .filter((name) => (TICKET_FIELDS as TicketFieldCatalogue)[name]!.nullable)
    .map((name) => [name, null]),
);

/**
 * Creates a ticket: number allocated, row and `created` history written in one transaction.
 * A customer is refused (403) before any id in the input is resolved; every invalid field,
 * unknown ids included, is reported in one `ValidationError`.
 */
export async function createTicket(serviceCtx: ServiceContext, actor: Actor, raw: CreateTicketInput): Promise<TicketView> {
  const directory = serviceCtx.directory && memoizeDirectory(serviceCtx.directory);
  const ctx: ServiceContext = { ...serviceCtx, directory };
  const { data, issues } = parseFields<CreateData>(createTicketInputSchema as unknown as z.ZodObject, raw);
  const scope = customerScope(actor);
  let customerId = data.customerId;
  if (scope !== undefined) {
    if (customerId !== undefined && customerId !== scope) throw new ForbiddenError('other_customer');
    customerId = scope;
    // Choosing a field's initial value (priority) is not changing it; the own customer is implied.
    const { customerId: _own, ...rest } = data as Record<string, unknown>;
    const set = Object.entries(rest).filter(([k, v]) => v !== null && (TICKET_FIELDS as TicketFieldCatalogue)[k]?.createDefault === undefined);
    assertMayChange(actor, Object.fromEntries(set));
  }
  if (customerId === undefined && !issues.customerId) issues.customerId = [{ code: 'required' }];
  // The check below and the view at the end read the same people: one lookup serves both. The SLA
  // setup is read meanwhile (two reads at once, not one after the other); invalid input is still
  // reported first.
  const [people, setup] = await Promise.allSettled([
    directory?.prefetch({ users: [data.assignedToId, actor.id], customers: [customerId] }),
    loadSlaSetup(ctx),
  ]);
  if (people.status === 'rejected') throw people.reason;
  const refIssues = await referenceIssues(ctx, { customerId: scope === undefined ? customerId : undefined, assignedToId: data.assignedToId });
  throwIfIssues(mergeIssues(issues, categoryIssues(ctx, data.category), refIssues));
  const input = data as Required<Pick<CreateData, 'subject' | 'description' | 'priority' | 'category'>> & CreateData;
  if (setup.status === 'rejected') throw setup.reason;
  const slaSetup = setup.value;
  const now = ctx.clock.now();
  const { ticket, pending } = await inTransaction(ctx, async (tx) => {
    const sequence = await tx.allocateTicketSequence();
    const created = await tx.insertTicket({
      ...EMPTY_OPTIONAL_FIELDS,
      ...input,
      sequence,
      ticketNumber: formatTicketNumber(sequence, ctx.numbering),
      status: 'new',
      customerId: customerId!,
      createdById: actor.id,
      createdAt: now,
      updatedAt: now,
      resolvedAt: null,
      closedAt: null,
      tags: input.tags ?? [],
      firstResponseAt: null,
      version: 1,
      ...slaFieldsForNewTicket(slaSetup, { priority: input.priority, category: input.category, customerId: customerId! }, now),
    } as NewTicket);
    await tx.insertHistory([
      {
        ticketId: created.id,
        userId: actor.id,
        action: 'created',
        fieldName: null,
        oldValue: null,
        newValue: created.ticketNumber,
        timestamp: now,
        isInternal: false,
      },
    ]);
    const pending: PendingEvent[] = [['ticket.created', { ticket: created, actor }]];
    await appendToOutbox(ctx, tx, pending, now);
    return { ticket: created, pending };
  }, { createsTicket: true });
  emitAll(ctx, pending);
  return viewFor(ctx, actor, ticket, now, slaSetup);
}

/**
 * The one path every ticket change takes: lock the row, check visibility and version, apply the
 * lifecycle, keep only real changes, authorize them, write row + one history row per field, and
 * emit after commit. A no-op writes nothing and keeps the version.
 */
async function changeTicket(
  ctx: ServiceContext,
  actor: Actor,
  id: number,
  requested: TicketChanges,
  options: WriteOptions = {},
): Promise<TicketView> {
  // The SLA setup is read only when the change can move a clock (status, or what chooses the policy).
  const slaSetup = SLA_INPUTS.some((key) => requested[key] !== undefined) ? await loadSlaSetup(ctx) : null;
  const now = ctx.clock.now();
  // Events are collected inside `fn` and returned: a store may re-run `fn` (e.g. after a deadlock).
  const { ticket, pending } = await inTransaction(ctx, async (tx) => {
    const pending: PendingEvent[] = [];
    const before = await tx.lockTicket(id);
    assertCanSee(actor, before, id);
    if (options.expectedVersion !== undefined && options.expectedVersion !== before.version) {
      throw new ConflictError(
        `Ticket ${id} was modified (version ${before.version}, expected ${options.expectedVersion}).`,
        'precondition',
        before.version,
      );
    }
    const changes = effectiveChanges(before, requested);
    assertMayChange(actor, changes);
    if (Object.keys(changes).length === 0) return { ticket: before, pending };

    const patch: TicketPatch = { ...changes, updatedAt: now, version: before.version + 1 };
    if (changes.status !== undefined) {
      const statusChange = applyStatusChange(before, changes.status, now);
      if (statusChange) Object.assign(patch, statusChange);
    }
    const sla = await slaFieldsForChange(tx, slaSetup, {
      before,
      after: {
        status: changes.status ?? before.status,
        priority: changes.priority ?? before.priority,
        category: changes.category ?? before.category,
        customerId: changes.customerId ?? before.customerId,
      },
      at: now,
      reselect: changes.priority !== undefined || changes.category !== undefined || changes.customerId !== undefined,
      statusChanged: changes.status !== undefined,
    });
    Object.assign(patch, sla.fields);
    const after = await tx.updateTicket(id, patch);
    await tx.insertHistory([...historyForChanges(before, changes, actor.id, now), ...slaBreachHistory(id, sla.breaches, now)]);
    pending.push(['ticket.updated', { ticket: after, changes, actor }]);
    if (changes.status !== undefined) {
      pending.push(['ticket.status_changed', { ticket: after, from: before.status, to: after.status, actor }]);
    }
    if (changes.assignedToId !== undefined) {
      pending.push(['ticket.assigned', { ticket: after, from: before.assignedToId, to: after.assignedToId, actor }]);
    }
    pending.push(...slaBreachEvents(id, sla.breaches));
    await appendToOutbox(ctx, tx, pending, now);
    return { ticket: after, pending };
  });
  emitAll(ctx, pending);
  return viewFor(ctx, actor, ticket, now, slaSetup);
}

// Changes that can move a ticket's SLA clocks.
const SLA_INPUTS = ['status', 'priority', 'category', 'customerId'] as const satisfies readonly (keyof TicketChanges)[];

async function viewFor(ctx: ServiceContext, actor: Actor, ticket: Ticket, now: Date, setup: SlaSetup | null): Promise<TicketView> {
  const [view] = await ticketViewsFor(ctx, actor, [ticket], now, setup ? calendarsByPolicy(setup) : undefined);
  return view!;
}

/**
 * The checks every ticket edit runs, in the order that leaks nothing: the ticket must be visible
 * (404 otherwise, whatever the body holds), a customer may not touch staff-only fields (403,
 * before any id in the body is resolved), then every invalid field — unknown ids included — is
 * reported in one `ValidationError`.
 */
async function validateEdit(
  ctx: ServiceContext,
  actor: Actor,
  id: number,
  schema: z.ZodObject,
  raw: unknown,
): Promise<TicketChanges> {
  const visible = await ctx.store.getTicket(id);
  assertCanSee(actor, visible, id);
  const { data, issues } = parseFields<TicketChanges>(schema, raw);
  assertMayChange(actor, effectiveChanges(visible, data));
  const refIssues = await referenceIssues(ctx, { customerId: data.customerId, assignedToId: data.assignedToId });
  throwIfIssues(mergeIssues(issues, categoryIssues(ctx, data.category), refIssues));
  return data;
}

/** Partial update (PATCH). */
export async function patchTicket(
  ctx: ServiceContext,
  actor: Actor,
  id: number,
  raw: PatchTicketInput,
  options?: WriteOptions,
): Promise<TicketView> {
  const changes = await validateEdit(ctx, actor, id, patchTicketInputSchema, raw);
  return changeTicket(ctx, actor, id, changes, options);
}

/** Full update (PUT): required fields validated as present; omitted optional fields are kept. */
export async function updateTicket(
  ctx: ServiceContext,
  actor: Actor,
  id: number,
  raw: unknown,
  options?: WriteOptions,
): Promise<TicketView> {
  const changes = await validateEdit(ctx, actor, id, updateTicketInputSchema as unknown as z.ZodObject, raw);
  return changeTicket(ctx, actor, id, changes, options);
}

/** Assigns to a staff user, or unassigns with `null`. Staff only. */
export async function assignTicket(
  ctx: ServiceContext,
  actor: Actor,
  id: number,
  userId: number | null,
  options?: WriteOptions,
): Promise<TicketView> {
  const visible = await ctx.store.getTicket(id);
  assertCanSee(actor, visible, id);
  assertStaff(actor, 'assign tickets');
  if (userId !== null && (!Number.isSafeInteger(userId) || userId <= 0)) throw ValidationError.of('userId', 'invalid_integer');
  throwIfIssues(await referenceIssues(ctx, { assignedToId: userId }, 'userId'));
  return changeTicket(ctx, actor, id, { assignedToId: userId }, options);
}

/** Moves a ticket through the lifecycle (only the transitions `allowedTransitions` lists); same status is a no-op. */
export async function changeTicketStatus(
  ctx: ServiceContext,
  actor: Actor,
  id: number,
  status: unknown,
  options?: WriteOptions,
): Promise<TicketView> {
  const visible = await ctx.store.getTicket(id);
  assertCanSee(actor, visible, id);
  const input = parseInput(z.object({ status: ticketStatusSchema }), { status });
  return changeTicket(ctx, actor, id, { status: input.status }, options);
}

/** Deletes a ticket with its comments, attachments and history; blob bytes go after commit. Staff only. */
export async function deleteTicket(ctx: ServiceContext, actor: Actor, id: number): Promise<void> {
  const now = ctx.clock.now();
  const { pending, blobKeys } = await inTransaction(ctx, async (tx) => {
    const found = await tx.lockTicket(id);
    assertCanSee(actor, found, id);
    assertStaff(actor, 'delete tickets');
    const attachments = await tx.listAttachments({ ticketId: id });
    await tx.deleteTicket(id);
    const pending: PendingEvent[] = [['ticket.deleted', { ticket: found, actor }]];
    await appendToOutbox(ctx, tx, pending, now);
    return { pending, blobKeys: attachments.rows.map((a) => a.blobKey) };
  });
  await Promise.all(blobKeys.map((key) => ctx.blobs.delete(key).catch(ctx.onEventError)));
  emitAll(ctx, pending);
}

