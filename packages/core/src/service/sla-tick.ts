import type { ServiceContext } from './context.js';
import { emitAll, type PendingEvent } from './context.js';
import type { SlaTickResult } from './sla-types.js';

/**
 * `ticketing.sla.tick(now)`: the store flips each due, unrecorded breach flag with a conditional
 * update and writes its `sla_breached` row in the same transaction; events go out after commit.
 * A store without SLA support has nothing to record.
 */
export async function tickSla(ctx: ServiceContext, now: Date = ctx.clock.now()): Promise<SlaTickResult> {
  const sla = ctx.store.sla;
  if (!sla) return { breaches: [] };
  const breaches = await sla.recordDueBreaches(now);
  emitAll(
    ctx,
    breaches.map((b): PendingEvent => ['sla.breached', { ticketId: b.ticketId, target: b.target, dueAt: b.dueAt, historyId: b.historyId }]),
  );
  return { breaches };
}
