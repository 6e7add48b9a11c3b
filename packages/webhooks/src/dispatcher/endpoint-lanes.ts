import type { DeliveryAttempt } from '../ports/deliveries.js';

/**
 * One lane per endpoint: at most `perEndpoint` sends in flight, the rest waiting in the lane's own
 * queue. Lanes never wait on each other, so a slow endpoint only slows itself.
 */
export class EndpointLanes {
  private readonly inFlight = new Map<number, number>();
  private readonly queued = new Map<number, DeliveryAttempt[]>();
  private total = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly perEndpoint: number,
    private readonly send: (attempt: DeliveryAttempt) => Promise<void>,
    private readonly onSlotFreed: () => void,
  ) {}

  /** Attempts held (in flight or queued) across all lanes. */
  get size(): number {
    return this.total;
  }

  /** Endpoints whose lane is full: the next claim should skip them. */
  busyEndpoints(): number[] {
    const busy: number[] = [];
    for (const [id, n] of this.inFlight) if (n + (this.queued.get(id)?.length ?? 0) >= this.perEndpoint) busy.push(id);
    return busy;
  }

  push(attempt: DeliveryAttempt): void {
    this.total++;
    const lane = this.queued.get(attempt.subscriptionId) ?? [];
    lane.push(attempt);
    this.queued.set(attempt.subscriptionId, lane);
    this.pump(attempt.subscriptionId);
  }

  /** Resolves when every held attempt has been sent and recorded. */
  idle(): Promise<void> {
    if (this.total === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(endpoint: number): void {
    const lane = this.queued.get(endpoint);
    while (lane && lane.length > 0 && (this.inFlight.get(endpoint) ?? 0) < this.perEndpoint) {
      const attempt = lane.shift()!;
      this.inFlight.set(endpoint, (this.inFlight.get(endpoint) ?? 0) + 1);
      void this.send(attempt).finally(() => this.settle(endpoint));
    }
    if (lane && lane.length === 0) this.queued.delete(endpoint);
  }

  private settle(endpoint: number): void {
    const n = (this.inFlight.get(endpoint) ?? 1) - 1;
    if (n === 0) this.inFlight.delete(endpoint);
    else this.inFlight.set(endpoint, n);
    this.total--;
    this.pump(endpoint);
    this.onSlotFreed();
    if (this.total === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
