import { ForbiddenError, NotFoundError, PayloadTooLargeError, QueryTimeoutError } from '@tessera/core';
import { Hono, type Context } from 'hono';
import { ADMIN_CSS } from './assets/admin-css.js';
import { ADMIN_JS } from './assets/admin-js.js';
import { jsonLineErrorLogger } from '../error-log.js';
import { createHostPolicy, hostCheck, publicUrlIsHttps } from '../host-policy.js';
import type { AdminConfig, AdminEnv, AdminRouterOptions } from './context.js';
import { pageContext, requireStaff } from './guard.js';
import { attachmentRoutes } from './routes/attachments.js';
import { authRoutes, signOutRoute } from './routes/auth.js';
import { autocompleteRoutes } from './routes/autocomplete.js';
import { bulkRoutes } from './routes/bulk.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { slaSettingsRoutes } from './routes/sla-settings.js';
import { listRoutes } from './routes/list.js';
import { ticketRoutes } from './routes/ticket.js';
import { webhookRoutes } from './routes/webhooks.js';
import { resolveSessionStore } from './session-store.js';
import { createSignInLimiter, socketAddress } from './sign-in-limiter.js';
import { messagePage } from './views/layout.js';
import { adminErrorText } from './views/messages.js';

const DEFAULT_TTL_SECONDS = 8 * 60 * 60;

const SECURITY_HEADERS: Record<string, string> = {
  // Everything the admin needs is served from its own origin; nothing inline runs.
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
};

function resolveConfig(options: AdminRouterOptions, publicHttps: boolean | null): AdminConfig {
  if (typeof options.sessionSecret !== 'string' || options.sessionSecret.length < 32) {
    throw new TypeError('createAdminRouter: sessionSecret must be a string of at least 32 characters.');
  }
  const base = (options.basePath ?? '/admin/ticketing').replace(/\/+$/u, '');
  if (base !== '' && !base.startsWith('/')) throw new TypeError('createAdminRouter: basePath must start with "/".');
  const directory = options.ticketing.directory;
  const findUser =
    options.findUser ??
    (async (id: number) => (directory ? ((await directory.getUsers([id]))[0] ?? null) : null));
  return {
    ticketing: options.ticketing,
    signIn: options.signIn,
    findUser,
    base,
    title: options.title ?? 'Tessera admin',
    session: {
      secret: options.sessionSecret,
      ttlSeconds: options.sessionTtlSeconds ?? DEFAULT_TTL_SECONDS,
      path: base || '/',
      secure: options.secureCookies === undefined || options.secureCookies === 'auto' ? (publicHttps ?? 'auto') : options.secureCookies,
      store: resolveSessionStore(options.sessionStore, directory),
    },
    signInLimiter: createSignInLimiter(options.signInLimits),
    clientAddress: options.clientAddress ?? socketAddress,
    logError: options.logError ?? jsonLineErrorLogger,
  };
}

function errorPage(c: Context<AdminEnv>, config: AdminConfig, err: Error): Response | Promise<Response> {
  const page = pageContext(c, config);
  if (err instanceof NotFoundError) return c.html(messagePage(page, 'Not found', err.message), 404);
  if (err instanceof ForbiddenError) return c.html(messagePage(page, 'Not allowed', adminErrorText(err)), 403);
  if (err instanceof PayloadTooLargeError) return c.html(messagePage(page, 'Too large', adminErrorText(err)), 413);
  if (err instanceof QueryTimeoutError) {
    return c.html(messagePage(page, 'Too slow', 'The request took too long and was stopped. Try a narrower filter or search.'), 503);
  }
  // Unknown errors are logged for the operator (one line) and never shown to the browser.
  config.logError(err, c);
  return c.html(messagePage(page, 'Something went wrong', 'The server could not complete the request.'), 500);
}

/**
 * The staff admin UI as a Hono app: server-rendered HTML, its own CSS and JS, signed (server-side, revocable)
 * HttpOnly session cookie, CSRF-checked forms. Mount it where `basePath` says:
 *
 * @example
 * ```ts
 * app.route('/admin/ticketing', createAdminRouter({ ticketing, signIn, sessionSecret }));
 * ```
 *
 * Every read and write goes through `ticketing` (the same queries and rules as the REST API).
 */
export function createAdminRouter(options: AdminRouterOptions): Hono<AdminEnv> {
  const hosts = createHostPolicy(options, 'createAdminRouter');
  const config = resolveConfig(options, publicUrlIsHttps(hosts));
  const app = new Hono<AdminEnv>();

  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!c.res.headers.has(name)) c.res.headers.set(name, value);
    }
  });
  app.onError((err, c) => errorPage(c, config, err));
  app.use('*', hostCheck(hosts));
  // `/admin/ticketing/` (the address the admin UI is documented at) and any other trailing-slash page URL redirect to
  // the canonical form without the slash.
  app.use('*', async (c, next) => {
    const url = new URL(c.req.url);
    if ((c.req.method === 'GET' || c.req.method === 'HEAD') && url.pathname.length > 1 && url.pathname.endsWith('/')) {
      const trimmed = url.pathname.replace(/\/+$/u, '').replace(/^\/+/u, '/'); // never `//host`
      return c.redirect(`${trimmed === config.base ? `${config.base}/tickets` : trimmed}${url.search}`, 301);
    }
    await next();
  });

  app.get('/static/admin.css', (c) =>
    c.body(ADMIN_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }),
  );
  app.get('/static/admin.js', (c) =>
    c.body(ADMIN_JS, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
    }),
  );
  app.route('/', authRoutes(config));

  app.use('*', requireStaff(config));
  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'private, no-store');
  });
  app.route('/', signOutRoute(config));
  app.route('/', listRoutes(config));
  // Registered before the ticket routes so `/tickets/bulk` is not read as a ticket id.
  app.route('/', bulkRoutes(config));
  app.route('/', ticketRoutes(config));
  app.route('/', attachmentRoutes(config));
  app.route('/', autocompleteRoutes(config));
  app.route('/', webhookRoutes(config, options.webhooks));
  app.route('/', dashboardRoutes(config)).route('/', slaSettingsRoutes(config));
  app.notFound((c) => c.html(messagePage(pageContext(c, config), 'Not found', 'There is no such page.'), 404));
  return app;
}
