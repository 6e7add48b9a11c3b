import type { Context, MiddlewareHandler } from 'hono';
import type { AdminConfig, AdminEnv, PageContext } from './context.js';
import { HttpError } from '../errors.js';
import { isUploadRequest, postBodyCap, readAdminForm } from './post-body.js';
import { csrfToken, endSession, readSession, verifyCsrf, type AdminSession } from './session.js';
import { messagePage } from './views/layout.js';

/** The page context of the current request. */
export function pageContext(c: Context<AdminEnv>, config: AdminConfig): PageContext {
  return { base: config.base, title: config.title, csrf: c.get('csrf') ?? '', user: c.get('user') ?? null };
}

function formExpired(c: Context<AdminEnv>, config: AdminConfig): Response | Promise<Response> {
  return c.html(
    messagePage(
      pageContext(c, config),
      'Form expired',
      'The form could not be verified (missing or invalid CSRF token). Reload the page and try again.',
    ),
    403,
  );
}

/**
 * A browser always names the page a POST comes from (`Origin`); one from another host is a
 * cross-site request and refused before its body is read. Hosts are compared without the scheme,
 * so a TLS-terminating proxy that keeps `Host` (the app sees http) does not break the forms.
 */
function crossSite(c: Context<AdminEnv>): boolean {
  if (c.req.header('sec-fetch-site') === 'cross-site') return true;
  const origin = c.req.header('origin');
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== new URL(c.req.url).host;
  } catch {
    return true; // `Origin: null` (sandboxed or privacy-sensitive contexts) or garbage
  }
}

/**
 * Refuses a POST that comes from another site, whose body is too large (counted while it streams,
 * chunked bodies included: 64 KB for forms, the upload limit plus framing for attachment uploads),
 * or whose CSRF token does not match the session. The token is read from the `X-CSRF-Token` header
 * or the `_csrf` query parameter before the body (so a large upload is checked first), else from
 * the form's `_csrf` field. Returns the refusal, or null to go on; handlers read the parsed form
 * again from Hono's cache.
 */
export async function checkPost(
  c: Context<AdminEnv>,
  config: AdminConfig,
  session: AdminSession,
): Promise<Response | null> {
  if (crossSite(c)) return formExpired(c, config);
  const early = c.req.header('x-csrf-token') || c.req.query('_csrf');
  if (early && !(await verifyCsrf(session, config.session.secret, early))) return formExpired(c, config);
  let form: FormData | null;
  try {
    form = await readAdminForm(c, postBodyCap(c, config.ticketing.uploadLimitBytes));
  } catch (error) {
    if (!(error instanceof HttpError) || error.status !== 413) throw error;
    const limit = isUploadRequest(c) ? 'the upload limit' : 'the largest form accepted';
    const page = messagePage(pageContext(c, config), 'Too large', `The request is larger than ${limit}.`);
    // The rest of the body is not wanted: close the connection instead of reading it.
    return c.html(page, 413, { Connection: 'close' });
  }
  if (!early && !(await verifyCsrf(session, config.session.secret, form?.get('_csrf')))) return formExpired(c, config);
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
      await endSession(c, config.session, session);
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
