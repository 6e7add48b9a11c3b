import type { Ticketing } from '@tessera/core';

/** How often the server records due SLA breaches. */
export const SLA_TICK_INTERVAL_MS = 30_000;

const timers = new Set<NodeJS.Timeout>();

/**
 * Calls `ticketing.sla.tick()` every 30 s so breaches are recorded (history row and `sla.breached` event)
 * even when nobody touches the ticket. Safe in every worker: a breach is recorded exactly once
 * across processes. The timer does not keep the process alive; a failed tick is logged as one
 * JSON line and the next one runs as usual.
 */
export function startSlaTicker(ticketing: Ticketing, intervalMs = SLA_TICK_INTERVAL_MS): void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    ticketing.sla
      .tick()
      .catch((error: unknown) => console.error(JSON.stringify({ level: 'error', msg: 'sla tick', error: String(error) })))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  timers.add(timer);
}

/** Stops every ticker started in this process (on shutdown, before the store closes). */
export function stopSlaTickers(): void {
  for (const timer of timers) clearInterval(timer);
  timers.clear();
}
