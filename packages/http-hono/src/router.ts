import { Hono, type MiddlewareHandler } from 'hono';
import { InvalidCredentialsError } from './auth/bearer.js';
import type { RouteDeps, TicketingEnv, TicketingRouterOptions } from './env.js';
import { baseUrlOf } from './base-url.js';
import { consoleErrorLogger, errorResponse, HttpError } from './errors.js';
import { createFallback } from './fallback.js';
import { createHostPolicy, hostCheck } from './host-policy.js';
import { createOpenApiDocument } from './openapi.js';
import { attachmentRoutes } from './routes/attachments.js';
import { commentRoutes } from './routes/comments.js';
import { historyRoutes } from './routes/history.js';
import { documentIdempotency, idempotencyKey } from './idempotency/middleware.js';
import { calendarRoutes, slaPolicyRoutes } from './routes/sla.js';
import { webhookRoutes } from './routes/webhooks.js';
import { ticketRoutes } from './routes/tickets.js';
import { createBodySchemas } from './wire/bodies.js';
import { createQuerySchemas } from './wire/queries.js';

const DEFAULT_MAX_JSON_BYTES = 1024 * 1024;
const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="api"' };
const UNAUTHENTICATED = new HttpError(401, { detail: 'Authentication credentials were not provided.' }, CHALLENGE);
const INVALID_TOKEN = new HttpError(401, { detail: 'Invalid token.' }, CHALLENGE);

/**
 * Every answer of the API, errors included, is JSON that browsers must not sniff into HTML. Set
 * before the handlers run, so every `c.json`/`c.body` answer carries it without copying a Response.
 */
const noSniff: MiddlewareHandler = async (c, next) => {
  c.header('X-Content-Type-Options', 'nosniff');
  await next();
};

/**
 * The seed's REST API as a Hono app. Mount it anywhere: `app.route('/api/ticketing', router)`.
 * It adds no middleware outside its own routes; every route but `openapi.json` requires
 * `authenticate` to return an actor (401 otherwise). Errors are rendered in DRF's shapes.
 *
 * Each route is stated once, without its trailing slash, and answers with and without it (the
 * seed writes the slash). The OpenAPI document is generated from the registered routes.
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
    .use('*', noSniff)
    .use('*', hostCheck(createHostPolicy(options, 'createTicketingRouter')))
    .get('/openapi.json', (c) => {
      // Built once; only `servers` follows the host the client used.
      openapi ??= createOpenApiDocument(app, '');
      const serverUrl = baseUrlOf(c.req.url, c.req.path, c.req.routePath.replace(/openapi\.json$/u, '*'));
      return c.json({ ...openapi, servers: [{ url: serverUrl }] }, 200);
    })
    .use('*', async (c, next) => {
      let actor;
      try {
        actor = await authenticate(c);
      } catch (error) {
        throw InvalidCredentialsError.is(error) ? INVALID_TOKEN : error;
      }
      if (!actor) throw UNAUTHENTICATED;
      c.set('actor', actor);
      c.set('mountPattern', c.req.routePath);
      await next();
    })
    .use('*', idempotencyKey({ store: options.idempotency, maxBodyBytes: deps.maxJsonBytes }))
    .route('/', ticketRoutes(deps))
    .route('/', commentRoutes(deps))
    .route('/', attachmentRoutes(deps))
    .route('/', historyRoutes(deps))
    .route('/', calendarRoutes(deps))
    .route('/', slaPolicyRoutes(deps))
    // Without a webhook service the `/webhooks/` routes are not mounted (404 from the fallback);
    // the typed client (`hc`) still knows their shapes.
    .route('/', options.webhooks ? webhookRoutes(deps, options.webhooks) : (new Hono<TicketingEnv>() as ReturnType<typeof webhookRoutes>));
  if (options.idempotency) documentIdempotency(routes.routes);

  // `new Hono({ strict: false })` would not survive `host.route(…)`: the host's router, with the
  // host's strictness, matches the copied routes. So each API route is registered again under
  // its slashed path (the spelling the seed and the OpenAPI document use), same handlers, same order.
  for (const { method, path, handler } of [...routes.routes]) {
    if (method !== 'ALL' && !path.endsWith('*') && path !== '/openapi.json') routes.on(method, `${path}/`, handler);
  }
  // Unknown paths and methods under the mount point answer in the API's own shape.
  routes.all('*', createFallback(routes.routes));
  return routes;
}

/** The router's type, for `hc<TicketingApp>(baseUrl)`. */
export type TicketingApp = ReturnType<typeof createTicketingRouter>;
