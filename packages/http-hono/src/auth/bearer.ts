import type { Actor, DirectoryStore } from '@tessera/core';
import type { Context } from 'hono';
import { hashToken } from './hashing.js';

/**
 * Decides who a request acts for. `null` means no credentials were sent (401 "Authentication
 * credentials were not provided."); credentials that were sent but are wrong, expired or revoked
 * are reported by throwing {@link InvalidCredentialsError} (401 "Invalid token."). Both 401s carry
 * `WWW-Authenticate: Bearer`.
 */
export type Authenticate = (c: Context) => Actor | null | Promise<Actor | null>;

/**
 * Thrown by an {@link Authenticate} when the request carries credentials that are not valid.
 * Thrown rather than returned, so code that only checks for a truthy actor can never mistake it
 * for a user.
 */
export class InvalidCredentialsError extends Error {
  /** Recognises the error across copies of this package (ESM and CJS builds). */
  readonly code = 'invalid_credentials';
  constructor(message = 'Invalid token.') {
    super(message);
    this.name = 'InvalidCredentialsError';
  }

  /** True for an {@link InvalidCredentialsError} from any copy of this package. */
  static is(error: unknown): error is InvalidCredentialsError {
    return error instanceof InvalidCredentialsError || (error instanceof Error && (error as { code?: unknown }).code === 'invalid_credentials');
  }
}

const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]{1,512})[ \t]*$/u;
const BEARER_SCHEME = /^Bearer(?:[ \t]|$)/iu;

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function readBearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  return BEARER.exec(header)?.[1] ?? null;
}

/** The longest a verified token is remembered in process memory. */
const MAX_CACHE_TTL_MS = 1000;

/** Options of {@link createBearerAuthenticator}. */
export interface BearerAuthenticatorOptions {
  /**
   * How long a verified token's user is remembered, in ms (default 1000, at most 1000; 0 disables).
   * Saves a hash and a lookup per request for a busy client; a revoked or expired token, or a
   * changed user, is refused within this time on every process.
   */
  cacheTtlMs?: number;
  /** Most tokens remembered at once (default 1000); the oldest entry goes first. */
  cacheSize?: number;
  /** Clock for the cache, in ms (tests). */
  now?: () => number;
}

/**
 * An `authenticate` for {@link createTicketingRouter} backed by a store directory: the bearer
 * token is hashed ({@link hashToken}) and looked up by hash, so the plain token is never stored
 * nor compared byte by byte. Only successful lookups are cached, briefly and in memory, and
 * concurrent requests with the same token share one lookup.
 * No `Authorization` header, or another scheme, is `null`; a `Bearer` header whose token is
 * malformed or unknown throws {@link InvalidCredentialsError}.
 */
export function createBearerAuthenticator(
  directory: Pick<DirectoryStore, 'findUserByTokenHash'>,
  options: BearerAuthenticatorOptions = {},
): Authenticate {
  // Capped so revocation takes effect within a second on every process, whatever the host asks for.
  const ttl = Math.min(options.cacheTtlMs ?? MAX_CACHE_TTL_MS, MAX_CACHE_TTL_MS);
  const size = options.cacheSize ?? 1000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { actor: Actor; expires: number }>();
  // Lookups in flight by token: requests arriving together (a client's burst, every request of a
  // busy client as its entry expires) share one hash and one directory read.
  const pending = new Map<string, Promise<Actor | null>>();
  const lookUp = async (token: string): Promise<Actor | null> => {
    const user = await directory.findUserByTokenHash(await hashToken(token));
    if (!user) return null;
    const actor: Actor = { id: user.id, role: user.role, customerId: user.customerId };
    if (ttl > 0) {
      if (cache.size >= size) cache.delete(cache.keys().next().value!);
      cache.set(token, { actor, expires: now() + ttl });
    }
    return actor;
  };
  return async (c) => {
    const header = c.req.header('Authorization');
    const token = readBearerToken(header);
    if (!token) {
      if (header && BEARER_SCHEME.test(header.trim())) throw new InvalidCredentialsError();
      return null;
    }
    const hit = cache.get(token);
    if (hit && hit.expires > now()) return { ...hit.actor };
    if (hit) cache.delete(token);
    let lookup = pending.get(token);
    if (!lookup) {
      lookup = lookUp(token).finally(() => pending.delete(token));
      pending.set(token, lookup);
    }
    const actor = await lookup;
    if (!actor) throw new InvalidCredentialsError();
    return { ...actor };
  };
}
