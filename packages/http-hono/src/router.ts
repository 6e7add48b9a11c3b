import { Hono } from 'hono';
import type { RouteDeps, TicketingEnv, TicketingRouterOptions } from './env.js';
import { baseUrlOf } from './base-url.js';
import { consoleErrorLogger, errorResponse, HttpError } from './errors.js';
import { createFallback } from './fallback.js';
import { createHostPolicy, hostCheck } from './host-policy.js';
import { createOpenApiDocument } from './openapi.js';
import { attachmentRoutes } from './routes/attachments.js';
import { commentRoutes } from './routes/comments.js';
import { historyRoutes } from './routes/history.js';
import { ticketRoutes } from './routes/tickets.js';
import { createBodySchemas } from './wire/bodies.js';
import { createQuerySchemas } from './wire/queries.js';

const DEFAULT_MAX_JSON_BYTES = 1024 * 1024;

const UNAUTHENTICATED = new HttpError(
  401,
  { detail: 'Authentication credentials were not provided.' },
  { 'WWW-Authenticate': 'Bearer realm="api"' },
);

/**
 * The seed's REST API as a Hono app. Mount it anywhere: `app.route('/api/ticketing', router)`.
 * It adds no middleware outside its own routes; every route but `openapi.json` requires
 * `authenticate` to return an actor (401 otherwise). Errors are rendered in DRF's shapes.
 *
 * The returned app's type is exported as {@link TicketingApp} for Hono's typed client `hc`.
 */
export function createTicketingRouter(options: TicketingRouterOptions) {
  const { ticketing, authenticate } = options;
  const logError = options.logError ?? consoleErrorLogger;
  const deps: RouteDeps = {
    ticketing,
    bodies: createBodySchemas(ticketing.categories),
    queries: createQuerySchemas(ticketing.categories),
    uploadLimitBytes: options.uploadLimitBytes ?? ticketing.uploadLimitBytes,
    maxJsonBytes: options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES,
  };
  let openapi: Record<string, unknown> | undefined;

  const app = new Hono<TicketingEnv>();
  app.onError((error, c) => errorResponse(error, c, logError));

  const routes = app
    .use('*', hostCheck(createHostPolicy(options, 'createTicketingRouter')))
    .get('/openapi.json', (c) => {
      // Built once; only `servers` follows the host the client used.
      openapi ??= createOpenApiDocument(deps, '');
      const serverUrl = baseUrlOf(c.req.url, c.req.path, c.req.routePath.replace(/openapi\.json$/u, '*'));
      return c.json({ ...openapi, servers: [{ url: serverUrl }] }, 200);
    })
    .use('*', async (c, next) => {
      const actor = await authenticate(c);
      if (!actor) throw UNAUTHENTICATED;
      c.set('actor', actor);
      c.set('mountPattern', c.req.routePath);
      await next();
    })
    .route('/', ticketRoutes(deps))
    .route('/', commentRoutes(deps))
    .route('/', attachmentRoutes(deps))
    .route('/', historyRoutes(deps));

  // Unknown paths and methods under the mount point answer in the API's own shape.
  routes.all('*', createFallback(routes.routes));
  return routes;
}

/** The router's type, for `hc<TicketingApp>(baseUrl)`. */
export type TicketingApp = ReturnType<typeof createTicketingRouter>;
