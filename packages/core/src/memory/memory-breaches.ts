import { historyValue } from '../domain/history.js';
import type { HistoryEntry, Ticket } from '../domain/model.js';
import type { RecordedSlaBreach } from '../ports/sla-store.js';
import { RECORDED_BREACH_AT } from '../sla/ticket-state.js';
import { copyRow, type WorkingTables } from './memory-tables.js';

/**
 * `TicketStoreTx.recordDueBreaches` over a transaction's working tables: flips every due,
 * unrecorded breach flag (at most `limit` per target, earliest due first) and writes its
 * `sla_breached` history row. Transactions run one at a time, so a flag flipped by one is seen
 * unflipped by no other.
 */
export function recordDueBreaches(work: WorkingTables, now: Date, limit = Infinity): RecordedSlaBreach[] {
  const t = now.getTime();
  const recorded: RecordedSlaBreach[] = [];
  const targets = [
    {
      target: 'first_response',
      running: (k: Ticket) => k.slaFirstResponseClock === 'running' && !k.slaFirstResponseBreached,
      due: (k: Ticket) => k.slaFirstResponseDueAt!,
      flip: (k: Ticket) => (k.slaFirstResponseBreached = true),
    },
    {
      target: 'resolution',
      running: (k: Ticket) => k.slaResolutionClock === 'running' && !k.slaResolutionBreached,
      due: (k: Ticket) => k.slaResolutionDueAt!,
      flip: (k: Ticket) => (k.slaResolutionBreached = true),
    },
  ] as const;
  for (const { target, running, due, flip } of targets) {
    const dueNow = [...work.tickets.values()]
      .filter((k) => running(k) && due(k).getTime() < t)
      .sort((a, b) => due(a).getTime() - due(b).getTime() || a.id - b.id)
      .slice(0, limit);
    for (const ticket of dueNow) {
      const row: Ticket = { ...work.tickets.get(ticket.id)! };
      flip(row);
      row.slaBreachAt = RECORDED_BREACH_AT;
      work.tickets.set(row.id, row);
      const entry: HistoryEntry = {
        id: work.nextId('history'),
        ticketId: row.id,
        userId: null,
        action: 'sla_breached',
        fieldName: target,
        oldValue: null,
        newValue: historyValue(due(ticket)),
        timestamp: now,
        isInternal: true, // SLA rows are staff-only
      };
      work.history.set(entry.id, entry);
      recorded.push({ ticketId: row.id, target, dueAt: due(ticket), historyId: entry.id });
    }
  }
  return recorded.sort((a, b) => a.ticketId - b.ticketId || a.historyId - b.historyId).map(copyRow);
}
