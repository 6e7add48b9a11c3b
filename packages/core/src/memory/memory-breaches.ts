import { historyValue } from '../domain/history.js';
import type { HistoryEntry, Ticket } from '../domain/model.js';
import type { RecordedSlaBreach } from '../ports/sla-store.js';
import { RECORDED_BREACH_AT } from '../sla/ticket-state.js';
import { copyRow, type WorkingTables } from './memory-tables.js';

/**
 * `TicketStoreTx.recordDueBreaches` over a transaction's working tables: flips every due,
 * unrecorded breach flag and writes its `sla_breached` history row. Transactions run one at a
 * time, so a flag flipped by one is seen unflipped by no other.
 */
export function recordDueBreaches(work: WorkingTables, now: Date): RecordedSlaBreach[] {
  const t = now.getTime();
  const recorded: RecordedSlaBreach[] = [];
  const record = (ticket: Ticket, target: RecordedSlaBreach['target'], dueAt: Date) => {
    const entry: HistoryEntry = {
      id: work.nextId('history'),
      ticketId: ticket.id,
      userId: null,
      action: 'sla_breached',
      fieldName: target,
      oldValue: null,
      newValue: historyValue(dueAt),
      timestamp: now,
      isInternal: true, // SLA rows are staff-only
    };
    work.history.set(entry.id, entry);
    recorded.push({ ticketId: ticket.id, target, dueAt, historyId: entry.id });
  };
  for (const ticket of [...work.tickets.values()].sort((a, b) => a.id - b.id)) {
    const firstDue =
      ticket.slaFirstResponseClock === 'running' && !ticket.slaFirstResponseBreached && ticket.slaFirstResponseDueAt!.getTime() < t;
    const resolutionDue = ticket.slaResolutionClock === 'running' && !ticket.slaResolutionBreached && ticket.slaResolutionDueAt!.getTime() < t;
    if (!firstDue && !resolutionDue) continue;
    const row: Ticket = { ...ticket };
    if (firstDue) {
      row.slaFirstResponseBreached = true;
      record(ticket, 'first_response', ticket.slaFirstResponseDueAt!);
    }
    if (resolutionDue) {
      row.slaResolutionBreached = true;
      record(ticket, 'resolution', ticket.slaResolutionDueAt!);
    }
    row.slaBreachAt = RECORDED_BREACH_AT;
    work.tickets.set(ticket.id, row);
  }
  return recorded.map(copyRow);
}
