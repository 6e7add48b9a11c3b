import type { Actor, DirectoryStore } from '@tessera/core';
import type { Context } from 'hono';
import { hashToken } from './hashing.js';

/** Decides who a request acts for; `null` means "not authenticated" (401). */
export type Authenticate = (c: Context) => Actor | null | Promise<Actor | null>;

const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]{1,512})[ \t]*$/u;

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function readBearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  return BEARER.exec(header)?.[1] ?? null;
}

/**
 * An `authenticate` for {@link createTicketingRouter} backed by a store directory: the bearer
 * token is hashed ({@link hashToken}) and looked up by hash, so the plain token is never stored
 * nor compared byte by byte.
 */
export function createBearerAuthenticator(directory: Pick<DirectoryStore, 'findUserByTokenHash'>): Authenticate {
  return async (c) => {
    const token = readBearerToken(c.req.header('Authorization'));
    if (!token) return null;
    const user = await directory.findUserByTokenHash(await hashToken(token));
    if (!user) return null;
    return { id: user.id, role: user.role, customerId: user.customerId };
  };
}
