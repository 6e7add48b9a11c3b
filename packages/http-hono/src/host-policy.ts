import type { MiddlewareHandler } from 'hono';

/** Hosts accepted when neither `publicUrl` nor `allowedHosts` is given: loopback names, any port. */
export const DEFAULT_ALLOWED_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** Where absolute links point and which `Host` headers are trusted; shared by both routers. */
export interface HostPolicyOptions {
  /**
   * The URL clients reach the server at (e.g. `https://support.example.com`). Its origin is used
   * for every absolute link (`download_url`, pagination, OpenAPI `servers`) whatever `Host` a
   * request carries, and an `https:` URL makes the admin's cookies `Secure`.
   */
  publicUrl?: string;
  /**
   * Without `publicUrl`, links are built from the request's `Host`, so only these hosts are
   * served; any other is 400 `{"detail": "Invalid host."}`. Entries are host names matched
   * without the port (`example.com`), `.example.com` for the domain and its subdomains, or `*`
   * for any host. Default: `localhost`, `127.0.0.1` and `[::1]`.
   */
  allowedHosts?: readonly string[];
}

/** A resolved {@link HostPolicyOptions}. */
export interface HostPolicy {
  /** The public origin (`https://support.example.com`), or null to follow allowed `Host`s. */
  publicOrigin: string | null;
  /** Whether a host name (without port, lower case; IPv6 in brackets) may be served. */
  allows(hostname: string): boolean;
}

/** Checks the options once, when a router is created. */
export function createHostPolicy(options: HostPolicyOptions, owner: string): HostPolicy {
  let publicOrigin: string | null = null;
  if (options.publicUrl !== undefined && options.publicUrl !== '') {
    let url: URL;
    try {
      url = new URL(options.publicUrl);
    } catch {
      throw new TypeError(`${owner}: publicUrl must be an absolute http(s) URL, got "${options.publicUrl}".`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(`${owner}: publicUrl must be an absolute http(s) URL, got "${options.publicUrl}".`);
    }
    publicOrigin = url.origin;
  }
  const patterns = (options.allowedHosts ?? DEFAULT_ALLOWED_HOSTS).map((h) => h.trim().toLowerCase()).filter(Boolean);
  const allows = (hostname: string): boolean => {
    const host = hostname.toLowerCase();
    return patterns.some((p) => p === '*' || p === host || (p.startsWith('.') && (host === p.slice(1) || host.endsWith(p))));
  };
  return { publicOrigin, allows };
}

/** Whether the admin's cookies get the `Secure` flag under this policy (null: decide per request). */
export function publicUrlIsHttps(policy: HostPolicy): boolean | null {
  return policy.publicOrigin === null ? null : policy.publicOrigin.startsWith('https:');
}

/**
 * Applies the policy before any route: without a public URL, a request whose `Host` is not
 * allowed is refused (400 `{"detail": "Invalid host."}`); with one, the request is seen under the
 * public origin (the URL the client used in front of the proxy), so every absolute link built from
 * `c.req.url` — pagination, `download_url`, OpenAPI `servers` — carries it whatever `Host` says.
 */
export function hostCheck(policy: HostPolicy): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (policy.publicOrigin === null) {
      if (!policy.allows(url.hostname)) return c.json({ detail: 'Invalid host.' }, 400);
    } else if (url.origin !== policy.publicOrigin) {
      const publicUrl = new URL(policy.publicOrigin);
      url.protocol = publicUrl.protocol;
      url.host = publicUrl.host;
      const raw = c.req.raw;
      // The body stream moves over unread; `duplex` is required for a streamed body.
      c.req.raw = new Request(url, { method: raw.method, headers: raw.headers, body: raw.body, signal: raw.signal, duplex: 'half' } as RequestInit);
    }
    await next();
  };
}
