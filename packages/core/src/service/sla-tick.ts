import type { ServiceContext } from './context.js';
import { emitAll, inTransaction, type PendingEvent } from './context.js';
import { appendToOutbox } from './outbox.js';
import type { SlaTickResult } from './sla-types.js';
import type { RecordedSlaBreach } from '../ports/sla-store.js';

// Breaches per target recorded in one transaction: a tick after downtime (tens of thousands due)
// commits in steps, so no transaction holds thousands of ticket rows, or their events, for long.
export const TICK_BATCH = 1000;

// Batches recorded at the same time, each in its own transaction: where transactions run in
// parallel (PostgreSQL's pool, `FOR UPDATE SKIP LOCKED` keeping them apart) a large tick uses two
// connections (10,000 breaches at 1M tickets: ≈ 20 % faster than one; four were slower on two
// cores); where they queue (SQLite, memory) the second simply follows the first.
const TICK_LANES = 2;

/**
 * `ticketing.sla.tick(now)`: store transactions that each flip up to {@link TICK_BATCH} due,
 * unrecorded breach flags per target with a conditional update, write their `sla_breached` rows
 * and append their `sla.breached` outbox rows (the same path as breaches a ticket change
 * records); each batch's events go out after its commit. Two lanes take batches side by side;
 * each stops at its first batch with fewer than a full batch of every target (the other lane, or
 * another process, holds or has recorded the rest). A store without SLA support has nothing to record.
 */
export async function tickSla(ctx: ServiceContext, now: Date = ctx.clock.now()): Promise<SlaTickResult> {
  if (!ctx.store.sla) return { breaches: [] };
  const all: RecordedSlaBreach[] = [];
  const lane = async () => {
    for (;;) {
      const { breaches, pending } = await inTransaction(ctx, async (tx) => {
        const breaches = await tx.recordDueBreaches(now, { limit: TICK_BATCH });
        const pending = breaches.map(
          (b): PendingEvent => ['sla.breached', { ticketId: b.ticketId, target: b.target, dueAt: b.dueAt, historyId: b.historyId }],
        );
        await appendToOutbox(ctx, tx, pending, now);
        return { breaches, pending };
      });
      emitAll(ctx, pending);
      all.push(...breaches);
      const full = (target: RecordedSlaBreach['target']) => breaches.filter((b) => b.target === target).length >= TICK_BATCH;
      if (!full('first_response') && !full('resolution')) return;
    }
  };
  await Promise.all(Array.from({ length: TICK_LANES }, lane));
  return { breaches: all.sort((a, b) => a.ticketId - b.ticketId || a.historyId - b.historyId) };
}
