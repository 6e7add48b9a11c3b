import type { Ticketing } from '@tessera/core';
import { createBearerAuthenticator, createTicketingRouter } from '@tessera/http-hono';
import { Hono } from 'hono';
import { requestLog } from './request-log.js';
import type { ServerStore } from './store.js';

/** Options of {@link createServerApp}. */
export interface ServerAppOptions {
  ticketing: Ticketing;
  store: ServerStore;
  uploadLimitBytes: number;
  requestLog: boolean;
}

/**
 * The standalone host: `/healthz`, a plain `/` banner, the REST API at `/api/ticketing/` with
 * bearer tokens from the store's directory.
 */
export function createServerApp(options: ServerAppOptions) {
  const { ticketing, store } = options;
  const app = new Hono();
  if (options.requestLog) app.use('*', requestLog());
  app.get('/', (c) => c.text('Tessera ticketing server. API: /api/ticketing/\n'));
  app.get('/healthz', async (c) => {
    try {
      await store.directory.countUsers();
      return c.json({ status: 'ok' });
    } catch {
      return c.json({ status: 'unavailable' }, 503);
    }
  });
  app.route(
    '/api/ticketing',
    createTicketingRouter({
      ticketing,
      authenticate: createBearerAuthenticator(store.directory),
      uploadLimitBytes: options.uploadLimitBytes,
    }),
  );
  return app;
}
