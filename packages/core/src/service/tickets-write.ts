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
import { ConflictError, ForbiddenError, ValidationError } from '../errors.js';
import type { TicketPatch } from '../ports/ticket-store.js';
import { checkCategory, checkReferences, emitAll, type PendingEvent, type ServiceContext } from './context.js';
import { assertCanSee, assertMayChange, assertStaff, customerScope } from './policy.js';
import type { TicketView, WriteOptions } from './types.js';
import { parseInput } from './validate.js';
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

/** Creates a ticket: number allocated, row and `created` history written in one transaction. */
export async function createTicket(ctx: ServiceContext, actor: Actor, raw: CreateTicketInput): Promise<TicketView> {
  const input = parseInput(createTicketInputSchema, raw);
  checkCategory(ctx, input.category);
  const scope = customerScope(actor);
  let customerId = input.customerId;
  if (scope !== undefined) {
    if (customerId !== undefined && customerId !== scope) throw new ForbiddenError('Customers cannot file tickets for another customer.');
    customerId = scope;
    assertMayChange(actor, {
      assignedToId: input.assignedToId ?? undefined,
      dueDate: input.dueDate ?? undefined,
      estimatedHours: input.estimatedHours ?? undefined,
      actualHours: input.actualHours ?? undefined,
    });
  }
  if (customerId === undefined) throw ValidationError.field('customerId', 'This field is required.');
  await checkReferences(ctx, { customerId, assignedToId: input.assignedToId });

  const slaSetup = await loadSlaSetup(ctx);
  const now = ctx.clock.now();
  const ticket = await ctx.store.transaction(async (tx) => {
    const sequence = await tx.allocateTicketSequence();
    const created = await tx.insertTicket({
      sequence,
      ticketNumber: formatTicketNumber(sequence, ctx.numbering),
      subject: input.subject,
      description: input.description,
      status: 'new',
      priority: input.priority,
      category: input.category,
      customerId,
      assignedToId: input.assignedToId ?? null,
      createdById: actor.id,
      createdAt: now,
      updatedAt: now,
      resolvedAt: null,
      closedAt: null,
      dueDate: input.dueDate ?? null,
      estimatedHours: input.estimatedHours ?? null,
      actualHours: input.actualHours ?? null,
      tags: input.tags ?? [],
      firstResponseAt: null,
      version: 1,
      ...slaFieldsForNewTicket(slaSetup, { priority: input.priority, category: input.category, customerId }, now),
    });
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
    return created;
  });
  emitAll(ctx, [['ticket.created', { ticket, actor }]]);
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
  const { ticket, pending } = await ctx.store.transaction(async (tx) => {
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

function toChanges(input: ReturnType<typeof patchTicketInputSchema.parse>): TicketChanges {
  const changes: TicketChanges = {};
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined) (changes as Record<string, unknown>)[key] = value;
  }
  return changes;
}

/** Partial update (PATCH). */
export async function patchTicket(
  ctx: ServiceContext,
  actor: Actor,
  id: number,
  raw: PatchTicketInput,
  options?: WriteOptions,
): Promise<TicketView> {
  const input = parseInput(patchTicketInputSchema, raw);
  checkCategory(ctx, input.category);
  await checkReferences(ctx, { customerId: input.customerId, assignedToId: input.assignedToId });
  return changeTicket(ctx, actor, id, toChanges(input), options);
}

/** Full update (PUT): required fields validated as present; omitted optional fields are kept. */
export async function updateTicket(
  ctx: ServiceContext,
  actor: Actor,
  id: number,
  raw: unknown,
  options?: WriteOptions,
): Promise<TicketView> {
  parseInput(updateTicketInputSchema, raw);
  return patchTicket(ctx, actor, id, raw as PatchTicketInput, options);
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
  if (userId !== null && (!Number.isSafeInteger(userId) || userId <= 0)) {
    throw ValidationError.field('userId', 'A valid integer is required.');
  }
  await checkReferences(ctx, { assignedToId: userId }, 'userId');
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
  const input = parseInput(patchTicketInputSchema.pick({ status: true }).required(), { status });
  return changeTicket(ctx, actor, id, { status: input.status }, options);
}

/** Deletes a ticket with its comments, attachments and history; blob bytes go after commit. Staff only. */
export async function deleteTicket(ctx: ServiceContext, actor: Actor, id: number): Promise<void> {
  const { ticket, blobKeys } = await ctx.store.transaction(async (tx) => {
    const found = await tx.lockTicket(id);
    assertCanSee(actor, found, id);
    assertStaff(actor, 'delete tickets');
    const attachments = await tx.listAttachments({ ticketId: id });
    await tx.deleteTicket(id);
    return { ticket: found, blobKeys: attachments.rows.map((a) => a.blobKey) };
  });
  await Promise.all(blobKeys.map((key) => ctx.blobs.delete(key).catch(ctx.onEventError)));
  emitAll(ctx, [['ticket.deleted', { ticket, actor }]]);
}

