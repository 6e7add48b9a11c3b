import type { Context, MiddlewareHandler } from 'hono';
import type { AdminConfig, AdminEnv, PageContext } from './context.js';
import { csrfToken, endSession, readSession, verifyCsrf, type AdminSession } from './session.js';
import { messagePage } from './views/layout.js';

/** Request bodies larger than this (plus the upload limit) are refused before they are read. */
const BODY_SLACK_BYTES = 1024 * 1024;

/** The page context of the current request. */
export function pageContext(c: Context<AdminEnv>, config: AdminConfig): PageContext {
  return { base: config.base, title: config.title, csrf: c.get('csrf') ?? '', user: c.get('user') ?? null };
}

/**
 * Refuses a POST whose body is too large, or whose `_csrf` field (or `X-CSRF-Token` header) does
 * not match the session. Returns the refusal, or null to go on. The parsed body is cached by
 * Hono, so handlers read it again for free.
 */
export async function checkPost(
  c: Context<AdminEnv>,
  config: AdminConfig,
  session: AdminSession,
): Promise<Response | null> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > config.ticketing.uploadLimitBytes + BODY_SLACK_BYTES) {
    return c.html(messagePage(pageContext(c, config), 'Too large', 'The request is larger than the upload limit.'), 413);
  }
  let submitted: unknown = c.req.header('x-csrf-token');
  if (!submitted) {
    const type = c.req.header('content-type') ?? '';
    if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
      submitted = (await c.req.parseBody({ all: true }))._csrf;
    }
  }
  if (!(await verifyCsrf(session, config.session.secret, submitted))) {
    return c.html(
      messagePage(
        pageContext(c, config),
        'Form expired',
        'The form could not be verified (missing or invalid CSRF token). Reload the page and try again.',
      ),
      403,
    );
  }
  return null;
}

/**
 * Lets only signed-in staff through: resolves the session's user on every request (so a demoted
 * user loses access at once), refuses customers, and checks CSRF on every POST.
 */
export function requireStaff(config: AdminConfig): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const session = await readSession(c, config.session);
    const user = session?.userId != null ? await config.findUser(session.userId) : null;
    if (!session || !user) {
      if (c.req.path.includes('/autocomplete/')) return c.json({ detail: 'Authentication required.' }, 401);
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        const next = new URL(c.req.url);
        return c.redirect(`${config.base}/sign-in?next=${encodeURIComponent(next.pathname + next.search)}`, 303);
      }
      return c.html(messagePage(pageContext(c, config), 'Signed out', 'Your session has ended. Sign in again.'), 401);
    }
    if (user.role !== 'staff') {
      endSession(c, config.session);
      return c.html(messagePage(pageContext(c, config), 'Staff only', 'This area is for support staff only.'), 403);
    }
    c.set('session', session);
    c.set('user', user);
    c.set('actor', { id: user.id, role: user.role, customerId: user.customerId });
    c.set('csrf', await csrfToken(session, config.session.secret));
    if (c.req.method === 'POST') {
      const refusal = await checkPost(c, config, session);
      if (refusal) return refusal;
    }
    await next();
  };
}
