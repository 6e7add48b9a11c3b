import type { Ticketing } from '@tessera/core';
import {
  createAdminRouter,
  createBearerAuthenticator,
  createDirectorySignIn,
  createTicketingRouter,
  jsonLineErrorLogger,
  type HostPolicyOptions,
} from '@tessera/http-hono';
import { Hono } from 'hono';
import { requestLog } from './request-log.js';
import type { ServerStore } from './store.js';

/** Options of {@link createServerApp}. */
export interface ServerAppOptions extends HostPolicyOptions {
  ticketing: Ticketing;
  store: ServerStore;
  uploadLimitBytes: number;
  requestLog: boolean;
  /** Signs admin UI sessions (at least 32 characters). */
  sessionSecret: string;
  /** This process's id, added to request log lines when several worker processes serve. */
  workerPid?: number;
}

/**
 * The standalone host: `/healthz`, a plain `/` banner, the REST API at `/api/ticketing/` with
 * bearer tokens from the store's directory, and the staff admin UI at `/admin/ticketing/`
 * (signed in with email + password or an API token).
 */
export function createServerApp(options: ServerAppOptions) {
  const { ticketing, store } = options;
  const hosts: HostPolicyOptions = {
    ...(options.publicUrl !== undefined && { publicUrl: options.publicUrl }),
    ...(options.allowedHosts !== undefined && { allowedHosts: options.allowedHosts }),
  };
  const app = new Hono();
  if (options.requestLog) app.use('*', requestLog(undefined, options.workerPid));
  app.get('/', (c) => c.text('Tessera ticketing server. API: /api/ticketing/  Admin: /admin/ticketing/\n'));
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
      logError: jsonLineErrorLogger,
      ...hosts,
    }),
  );
  app.route(
    '/admin/ticketing',
    createAdminRouter({
      ticketing,
      signIn: createDirectorySignIn(store.directory),
      sessionSecret: options.sessionSecret,
      logError: jsonLineErrorLogger,
      ...hosts,
    }),
  );
  return app;
}
