import type { Actor, Ticketing, UserRecord } from '@tessera/core';
import type { AdminSession, SessionConfig } from './session.js';

/** What a person typed on the sign-in form: an API token, or an email and password. */
export interface AdminCredentials {
  token?: string;
  email?: string;
  password?: string;
}

/** Options of {@link createAdminRouter}. */
export interface AdminRouterOptions {
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
  /** Secure cookie flag: `'auto'` (default) sets it when the request came over https. */
  secureCookies?: boolean | 'auto';
  /**
   * Looks up the signed-in user on every request, so a demoted or removed user loses access at once.
   * Defaults to `ticketing.directory.getUsers`.
   */
  findUser?: (id: number) => Promise<UserRecord | null>;
  /** Page title prefix. Default `Tessera admin`. */
  title?: string;
}

/** Resolved settings shared by every admin route. */
export interface AdminConfig {
  ticketing: Ticketing;
  signIn: AdminRouterOptions['signIn'];
  findUser: (id: number) => Promise<UserRecord | null>;
  session: SessionConfig;
  base: string;
  title: string;
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
