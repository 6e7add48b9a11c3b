import type { SessionStore } from '@tessera/core';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { hashToken, timingSafeEqual } from '../auth/hashing.js';

/** Name of the admin session cookie. */
export const SESSION_COOKIE = 'tessera_admin';

/**
 * What the signed session cookie carries. A session exists before sign-in (`userId: null`)
 * so the sign-in form itself is CSRF-protected; signing in replaces it with a fresh `sid`.
 * A signed-in session is also kept server-side (by a hash of `sid`, in the {@link SessionStore}),
 * and the cookie is honoured only while that record exists: signing out or revoking the token it
 * was signed in with ends it everywhere, copies of the cookie included. Pre-sign-in sessions carry
 * no authority and stay cookie-only, so anonymous visitors cannot fill the store.
 */
export interface AdminSession {
  /** Random id; the CSRF token is derived from it. */
  sid: string;
  userId: number | null;
  /** Expiry, epoch seconds. Checked on every request, whatever the browser does with Max-Age. */
  exp: number;
}

/** Cookie and signing settings of one admin router. */
export interface SessionConfig {
  secret: string;
  ttlSeconds: number;
  /** Cookie path: the admin base path, so the cookie never travels to the host's other routes. */
  path: string;
  /** `true`/`false` forces the Secure flag; `'auto'` sets it for https requests. */
  secure: boolean | 'auto';
  /** Where signed-in sessions live server-side. */
  store: SessionStore;
}

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/gu, '-').replace(/\//gu, '_').replace(/=+$/u, '');
}

/** A random session id (128 bits). */
export function newSessionId(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(16)));
}

function isSession(value: unknown): value is AdminSession {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.sid === 'string' &&
    v.sid.length >= 16 &&
    (v.userId === null || (typeof v.userId === 'number' && Number.isSafeInteger(v.userId))) &&
    typeof v.exp === 'number'
  );
}

/** The key a session is stored under: a hash of its id, so the store never holds a usable id. */
function storageKey(session: AdminSession): Promise<string> {
  return hashToken(session.sid);
}

/**
 * Reads and verifies the session cookie; null when absent, forged, malformed or expired, or, for a
 * signed-in session, when its server-side record is gone (signed out, revoked) or names another user.
 */
export async function readSession(c: Context, config: SessionConfig): Promise<AdminSession | null> {
  const raw = await getSignedCookie(c, config.secret, SESSION_COOKIE);
  if (!raw) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isSession(parsed) || parsed.exp * 1000 <= Date.now()) return null;
  if (parsed.userId !== null) {
    const stored = await config.store.findSession(await storageKey(parsed));
    if (stored?.userId !== parsed.userId) return null;
  }
  return parsed;
}

/** Whether the admin's cookies carry `Secure` for this request. */
export function secureCookie(c: Context, config: SessionConfig): boolean {
  return config.secure === 'auto' ? new URL(c.req.url).protocol === 'https:' : config.secure;
}

/**
 * Starts a new session (fresh `sid`) for `userId` and sets its cookie. A signed-in session is
 * recorded server-side first, with the hash of the API token it was signed in with (if any) so
 * revoking that token ends it.
 */
export async function startSession(
  c: Context,
  config: SessionConfig,
  userId: number | null,
  signedInWith: { tokenHash: string | null } = { tokenHash: null },
): Promise<AdminSession> {
  const now = Date.now();
  const session: AdminSession = {
    sid: newSessionId(),
    userId,
    exp: Math.floor(now / 1000) + config.ttlSeconds,
  };
  if (userId !== null) {
    await config.store.addSession({
      idHash: await storageKey(session),
      userId,
      tokenHash: signedInWith.tokenHash,
      createdAt: new Date(now),
      expiresAt: new Date(session.exp * 1000),
    });
  }
  await setSignedCookie(c, SESSION_COOKIE, JSON.stringify(session), config.secret, {
    path: config.path,
    httpOnly: true,
    sameSite: 'Lax',
    secure: secureCookie(c, config),
    maxAge: config.ttlSeconds,
  });
  return session;
}

/** Ends `session` server-side (when signed in) and removes the session cookie. */
export async function endSession(c: Context, config: SessionConfig, session: AdminSession | null): Promise<void> {
  if (session && session.userId !== null) await config.store.deleteSession(await storageKey(session));
  deleteCookie(c, SESSION_COOKIE, { path: config.path });
}

async function hmac(secret: string, message: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
}

/**
 * The CSRF token of a session: an HMAC of its id, so it is bound to the session, cannot be
 * computed without the secret, and needs no server-side storage.
 */
export async function csrfToken(session: AdminSession, secret: string): Promise<string> {
  return base64url(await hmac(secret, `csrf:${session.sid}`));
}

/** Compares a submitted CSRF token with the session's in constant time. */
export async function verifyCsrf(session: AdminSession, secret: string, submitted: unknown): Promise<boolean> {
  if (typeof submitted !== 'string' || submitted.length === 0) return false;
  return timingSafeEqual(submitted, await csrfToken(session, secret));
}
