import type { Ticketing } from '@tessera/core';
import { createWebhookData } from '@tessera/http-hono';
import { createDispatcher, createWebhookService, type Dispatcher, type WebhookService } from '@tessera/webhooks';
import type { ServerConfig } from './config.js';
import type { ServerStore } from './store.js';

const running = new Set<Dispatcher>();

/**
 * Starts this process's webhook dispatcher over the store's outbox and subscriptions (any number
 * of processes may run one on the same database) and returns the subscription service for the
 * REST routes, with the settings `loadConfig` read (`TESSERA_WEBHOOK_*`: private targets, retry
 * schedule, lease); payload links are absolute under `TESSERA_PUBLIC_URL`, else paths. Returns undefined when the
 * store keeps no webhooks. {@link stopWebhooks} ends every dispatcher started here.
 */
export function startWebhooks(store: ServerStore, ticketing: Ticketing, config: ServerConfig): WebhookService | undefined {
  if (!store.webhooks) return undefined;
  const settings = config.webhooks;
  const dispatcher = createDispatcher({
    store: store.webhooks,
    ...settings,
    data: createWebhookData({ directory: ticketing.directory, sla: store.sla, apiBase: `${config.publicUrl?.replace(/\/+$/u, '') ?? ''}/api/ticketing` }),
    onError: (error) => console.error(JSON.stringify({ level: 'error', msg: 'webhook dispatcher', error: String(error) })),
  });
  dispatcher.start();
  running.add(dispatcher);
  // Deliver this process's own changes without waiting for the next poll.
  ticketing.events.on('*', () => dispatcher.wake());
  return createWebhookService({ store: store.webhooks, allowPrivate: settings.allowPrivate });
}

/** How long shutdown waits for deliveries in flight before leaving them to their leases. */
const STOP_GRACE_MS = 5_000;

/**
 * Stops claiming and waits for the attempts in flight to be recorded (call before closing the
 * store). Whatever is still held after 5 s (a slow endpoint) is abandoned: its leases run out and
 * another process, or the next start, sends it again.
 */
export async function stopWebhooks(): Promise<void> {
  await Promise.all(
    [...running].map(async (dispatcher) => {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_GRACE_MS)));
      const outcome = await Promise.race([dispatcher.stop().then(() => 'stopped' as const), grace]);
      clearTimeout(timer);
      if (outcome === 'late') dispatcher.abandon();
    }),
  );
  running.clear();
}
