import type { ServiceContext } from './context.js';
import { emitAll, type PendingEvent } from './context.js';
import { appendToOutbox } from './outbox.js';
import type { SlaTickResult } from './sla-types.js';

/**
 * `ticketing.sla.tick(now)`: one store transaction flips each due, unrecorded breach flag with a
 * conditional update, writes its `sla_breached` row and appends its `sla.breached` outbox row
 * (the same path as breaches a ticket change records); events go out after commit. A store
 * without SLA support has nothing to record.
 */
export async function tickSla(ctx: ServiceContext, now: Date = ctx.clock.now()): Promise<SlaTickResult> {
  if (!ctx.store.sla) return { breaches: [] };
  const { breaches, pending } = await ctx.store.transaction(async (tx) => {
    const breaches = await tx.recordDueBreaches(now);
    const pending = breaches.map(
      (b): PendingEvent => ['sla.breached', { ticketId: b.ticketId, target: b.target, dueAt: b.dueAt, historyId: b.historyId }],
    );
    await appendToOutbox(ctx, tx, pending, now);
    return { breaches, pending };
  });
  emitAll(ctx, pending);
  return { breaches };
}
