import type { Actor, SessionStore, Ticketing, UserRecord } from '@tessera/core';
import type { WebhookService } from '@tessera/webhooks';
import type { ErrorLogger } from '../errors.js';
import type { HostPolicyOptions } from '../host-policy.js';
import type { AdminSession, SessionConfig } from './session.js';
import type { ClientAddress, SignInLimiter, SignInLimits } from './sign-in-limiter.js';

/** What a person typed on the sign-in form: an API token, or an email and password. */
export interface AdminCredentials {
  token?: string;
  email?: string;
  password?: string;
}

/**
 * Options of {@link createAdminRouter}. `publicUrl` / `allowedHosts` work as on the REST router:
 * requests with another `Host` are refused, and an `https:` public URL makes cookies `Secure`.
 */
export interface AdminRouterOptions extends HostPolicyOptions {
  /** The service every page reads and writes through. */
  ticketing: Ticketing;
  /**
   * Checks credentials against the host's users; resolves the user, or null when they do not
   * match. Customers are refused by the admin even when their credentials are right.
   */
  signIn: (credentials: AdminCredentials) => Promise<UserRecord | null>;
  /** Secret the session cookie and CSRF tokens are signed with (at least 32 characters). */
  sessionSecret: string;
  /** Where the host mounts the router (links and the cookie path use it). Default `/admin/ticketing`. */
  basePath?: string;
  /** Session lifetime in seconds. Default 8 hours. */
  sessionTtlSeconds?: number;
  /**
   * Secure cookie flag: `'auto'` (default) sets it when `publicUrl` is https, or, without a public
   * URL, when the request came over https.
   */
  secureCookies?: boolean | 'auto';
  /**
   * Limits on `POST /sign-in`: attempts per client address, failures per account (both 429 with
   * `Retry-After`) and how many credential checks run at once. See {@link SignInLimits}.
   */
  signInLimits?: SignInLimits;
  /**
   * The client address the per-address limit counts by. Default: the TCP peer under
   * `@hono/node-server`; forwarded headers are trusted only if you read them here. When it
   * returns undefined, only the per-account limit applies.
   */
  clientAddress?: ClientAddress;
  /** Where unexpected (500) errors are reported. Default: one JSON line on stderr. */
  logError?: ErrorLogger;
  /**
   * Looks up the signed-in user on every request, so a demoted or removed user loses access at once.
   * Defaults to `ticketing.directory.getUsers`.
   */
  findUser?: (id: number) => Promise<UserRecord | null>;
  /** Page title prefix. Default `Tessera admin`. */
  title?: string;
  /** Webhook subscriptions shown on the `/webhooks` page (without it the page says they are not enabled). */
  webhooks?: WebhookService;
  /**
   * Where signed-in sessions are kept server-side (looked up by key on every request, deleted at
   * sign-out). Default: `ticketing.directory` when it stores sessions (a store's directory does,
   * shared by every process on that database); otherwise an in-memory store that only this
   * process sees (see `createMemorySessionStore`).
   */
  sessionStore?: SessionStore;
}

/** Resolved settings shared by every admin route. */
export interface AdminConfig {
  ticketing: Ticketing;
  signIn: AdminRouterOptions['signIn'];
  findUser: (id: number) => Promise<UserRecord | null>;
  session: SessionConfig;
  base: string;
  title: string;
  signInLimiter: SignInLimiter;
  clientAddress: ClientAddress;
  logError: ErrorLogger;
}

/** Hono environment of the admin router: what the session middleware puts on the context. */
export type AdminEnv = {
  Variables: {
    session: AdminSession;
    csrf: string;
    /** The signed-in staff user (unset on the public sign-in routes). */
    user: UserRecord;
    actor: Actor;
  };
};

/** What every rendered page needs to know about the request. */
export interface PageContext {
  base: string;
  title: string;
  csrf: string;
  user: UserRecord | null;
}
