import type { WebhookService } from '@tessera/webhooks';
import { Hono } from 'hono';
import type { AdminConfig, AdminEnv } from '../context.js';
import { pageContext } from '../guard.js';
import { webhooksPage } from '../views/webhooks.js';

/** Subscriptions shown per page and attempts shown per subscription. */
const SUBSCRIPTIONS_SHOWN = 100;
const DELIVERIES_SHOWN = 20;

/** `/webhooks`: read-only overview of the subscriptions and their recent deliveries (staff only, as every admin page). */
export function webhookRoutes(config: AdminConfig, webhooks: WebhookService | undefined): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.get('/webhooks', async (c) => {
    const page = pageContext(c, config);
    if (!webhooks) return c.html(webhooksPage(page, { enabled: false }));
    const { count, results } = await webhooks.list({ offset: 0, limit: SUBSCRIPTIONS_SHOWN });
    const entries = await Promise.all(
      results.map(async (subscription) => {
        const log = await webhooks.deliveries(subscription.id, { offset: 0, limit: DELIVERIES_SHOWN });
        return { subscription, deliveries: log?.results ?? [], totalDeliveries: log?.count ?? 0 };
      }),
    );
    return c.html(webhooksPage(page, { enabled: true, count, entries }));
  });
  return app;
}
