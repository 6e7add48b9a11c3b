import { describe, expect, it } from 'vitest';
import type { TicketStore } from '../ports/ticket-store.js';
import type { Ticketing } from '../service/types.js';
import { storePerTest, type StoreConformanceOptions } from './harness.js';
import { releaseTogether, reportResult, resultOf, waitForStartSignal, type WorkerProcess } from './processes.js';
import { serviceWorld } from './service-setup.js';

/** Options of {@link runSlaTickAcrossProcesses}. */
export interface SlaTickProcessesOptions extends StoreConformanceOptions {
  /**
   * Starts one process on the database of `store` (a store made by `createStore`) that runs
   * {@link tickInWorker} at `now`: usually `startWorkerProcess` on a small script that opens the
   * store and calls it.
   */
  startTicker(store: TicketStore, now: Date): WorkerProcess;
}

/** A breach as a ticker process reports it: ticket id, target, history row id. */
type ReportedBreach = [number, string, number];

/**
 * Worker side of {@link runSlaTickAcrossProcesses}: waits for the start signal, runs one tick at
 * `now` and reports the breaches it recorded.
 */
export async function tickInWorker(ticketing: Ticketing, now: Date): Promise<void> {
  await waitForStartSignal();
  const { breaches } = await ticketing.sla.tick(now);
  reportResult(breaches.map((b): ReportedBreach => [b.ticketId, b.target, b.historyId]));
}

/**
 * The multi-process SLA tick test, for stores several processes can share (SQLite files,
 * PostgreSQL): processes ticking at the same instant record every breach exactly once between
 * them, with one history row and one outbox event each.
 */
export function runSlaTickAcrossProcesses(options: SlaTickProcessesOptions): void {
  describe(`SLA tick across processes: ${options.name}`, () => {
    const store = storePerTest(options);

    it('3 processes ticking at the same instant over 200 overdue tickets record 200 breaches, each once in history and outbox', async () => {
      const w = await serviceWorld(store());
      await w.ticketing.sla.policies.create(w.staff, { name: 'P', targets: { medium: { firstResponseMinutes: 30 } } });
      for (let i = 0; i < 200; i++) await w.ticketing.tickets.create(w.staff, { subject: `t${i}`, description: 'd', customerId: w.acme });
      const now = new Date(w.clock.now().getTime() + 3_600_000);

      const tickers = [0, 1, 2].map(() => options.startTicker(store(), now));
      await releaseTogether(tickers);
      const recorded: ReportedBreach[] = [];
      for (const outcome of await Promise.all(tickers.map((t) => t.exited))) {
        expect({ code: outcome.code, stderr: outcome.stderr }).toEqual({ code: 0, stderr: '' });
        recorded.push(...resultOf<ReportedBreach[]>(outcome.stdout));
      }
      expect(recorded).toHaveLength(200);
      expect(new Set(recorded.map(([ticketId]) => ticketId)).size).toBe(200);

      const history = await w.ticketing.history.list(w.staff, { action: 'sla_breached', pageSize: 200 });
      expect(history.count).toBe(200);
      expect(new Set(history.results.map((h) => h.id))).toEqual(new Set(recorded.map(([, , historyId]) => historyId)));
      for (const h of history.results) expect(h).toMatchObject({ userId: null, fieldName: 'first_response', newValue: '2024-05-01T09:30:00Z' });

      const { events } = await store().webhooks!.outbox.claim({ limit: 1000, leaseMs: 0, now });
      const breached = events.filter((e) => e.type === 'sla.breached').map((e) => (e.data as { ticketId: number }).ticketId);
      expect(breached.sort((a, b) => a - b)).toEqual(recorded.map(([ticketId]) => ticketId).sort((a, b) => a - b));
      expect((await w.ticketing.sla.tick(now)).breaches).toEqual([]);
    }, 120_000);
  });
}
