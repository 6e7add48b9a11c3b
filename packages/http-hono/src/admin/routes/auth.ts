import { Hono } from 'hono';
import type { AdminConfig, AdminEnv } from '../context.js';
import { takeFlashes } from '../flash.js';
import { checkPost, pageContext } from '../guard.js';
import { safeNext } from '../safe-path.js';
import { csrfToken, endSession, readSession, startSession } from '../session.js';
import type { Flash } from '../views/html.js';
import { hashToken } from '../../auth/hashing.js';
import { signInPage } from '../views/sign-in.js';


function field(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v.trim() : '';
}

/** Sign-in and sign-out. Sign-in is CSRF-protected through a pre-sign-in session. */
export function authRoutes(config: AdminConfig): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.get('/sign-in', async (c) => {
    const existing = await readSession(c, config.session);
    if (existing?.userId != null) {
      const user = await config.findUser(existing.userId);
      if (user?.role === 'staff') return c.redirect(safeNext(config, c.req.query('next')), 303);
    }
    // Reuse a pre-sign-in session so two open tabs keep valid tokens; otherwise start one.
    const session = existing && existing.userId === null ? existing : await startSession(c, config.session, null);
    c.set('csrf', await csrfToken(session, config.session.secret));
    const flashes = await takeFlashes(c, config);
    c.header('Cache-Control', 'no-store');
    return c.html(signInPage(pageContext(c, config), { next: c.req.query('next') }, flashes));
  });

  app.post('/sign-in', async (c) => {
    const session = await readSession(c, config.session);
    if (!session) {
      const fresh = await startSession(c, config.session, null);
      c.set('csrf', await csrfToken(fresh, config.session.secret));
      const flash: Flash = { kind: 'error', text: 'Your sign-in form expired. Please try again.' };
      return c.html(signInPage(pageContext(c, config), {}, [flash]), 403);
    }
    c.set('csrf', await csrfToken(session, config.session.secret));
    const refusal = await checkPost(c, config, session);
    if (refusal) return refusal;
    const body = await c.req.parseBody();
    const email = field(body, 'email');
    const password = typeof body.password === 'string' ? body.password : '';
    const token = field(body, 'token');
    const next = typeof body.next === 'string' ? body.next : undefined;
    const again = (status: 401 | 403 | 400, text: string) =>
      c.html(signInPage(pageContext(c, config), { email, next }, [{ kind: 'error', text }]), status);
    const tooMany = (retryAfterSeconds: number, reason: string) =>
      c.html(
        signInPage(pageContext(c, config), { email, next }, [
          { kind: 'error', text: `${reason} Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.` },
        ]),
        429,
        { 'Retry-After': String(retryAfterSeconds) },
      );

    if (!token && !(email && password)) return again(400, 'Enter your email and password, or an API token.');
    const limiter = config.signInLimiter;
    // Tokens are 256-bit random strings: guessing one is hopeless, so only emails are counted per account.
    const account = token ? undefined : email.toLowerCase();
    const limited = limiter.admit(config.clientAddress(c), account);
    if (limited) return tooMany(limited.retryAfterSeconds, limited.message);
    const checked = await limiter.check(() => config.signIn(token ? { token } : { email, password }));
    if (!checked) return tooMany(1, 'The server is busy checking other sign-ins.');
    const user = checked.value;
    limiter.settle(account, user !== null);
    if (!user) return again(401, 'Those credentials are not valid.');
    if (user.role !== 'staff') return again(403, 'This area is for support staff only; customers cannot sign in here.');
    // A fresh session id on sign-in, so a session planted before it is worthless.
    await startSession(c, config.session, user.id, { tokenHash: token ? await hashToken(token) : null });
    return c.redirect(safeNext(config, next), 303);
  });

  return app;
}

/** Sign-out (behind the staff guard, so it is CSRF-checked). */
export function signOutRoute(config: AdminConfig): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.post('/sign-out', async (c) => {
    // Deletes the server-side record: this cookie, and any copy of it, stops working.
    await endSession(c, config.session, c.get('session'));
    return c.redirect(`${config.base}/sign-in`, 303);
  });
  return app;
}
