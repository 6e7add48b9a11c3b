import { createDispatcher, createMemoryWebhookStore, createWebhookService, type DispatcherOptions, type NewOutboxEvent, parseRetrySchedule } from '../src/index.js';
import { manualClock, type Receiver, startReceiver } from './receiver.js';

/** A memory store, a hand-moved clock, a service allowing loopback targets, and helpers. */
export function createHarness() {
  const clock = manualClock(new Date());
  const store = createMemoryWebhookStore();
  const service = createWebhookService({ store, clock, allowPrivate: true });
  const receivers: Receiver[] = [];
  const dispatchers: Array<ReturnType<typeof createDispatcher>> = [];

  return {
    clock,
    store,
    service,
    /** A receiver with its own subscription (events default `*`). */
    async endpoint(options: { events?: string[]; includeInternal?: boolean; realClock?: boolean } = {}) {
      let secret = '';
      const receiver = await startReceiver(() => secret, options.realClock ? {} : { now: clock.now });
      receivers.push(receiver);
      const subscription = await service.create({ url: receiver.url, events: options.events ?? ['*'], includeInternal: options.includeInternal });
      secret = subscription.secret;
      return { receiver, subscription };
    },
    dispatcher(options: Partial<DispatcherOptions> = {}) {
      const dispatcher = createDispatcher({
        store,
        clock,
        allowPrivate: true,
        timeoutMs: 2_000,
        retryPolicy: parseRetrySchedule('10s,1m,5m'),
        onError: (error) => {
          throw error;
        },
        ...options,
      });
      dispatchers.push(dispatcher);
      return dispatcher;
    },
    /** Writes events to the outbox as a committed change would. */
    async emit(type: string, data: unknown = {}, extra: Partial<NewOutboxEvent> = {}) {
      const [event] = await store.outbox.append([{ type, occurredAt: clock.now(), data, internal: false, subscriptionId: null, ...extra }]);
      return event!;
    },
    async close() {
      for (const d of dispatchers) d.abandon();
      for (const r of receivers) await r.close();
    },
  };
}
