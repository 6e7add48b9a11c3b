import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { AdminConfig } from './context.js';
import { secureCookie } from './session.js';
import type { Flash, FlashKind } from './views/html.js';

const FLASH_COOKIE = 'tessera_admin_flash';
const KINDS: readonly FlashKind[] = ['success', 'error', 'info'];

/**
 * Leaves a message for the page after a redirect (post/redirect/get). The cookie is signed so
 * nobody else can plant text in the admin's notices.
 */
export async function setFlash(c: Context, config: AdminConfig, flash: Flash): Promise<void> {
  await setSignedCookie(c, FLASH_COOKIE, JSON.stringify(flash), config.session.secret, {
    path: config.session.path,
    httpOnly: true,
    sameSite: 'Lax',
    secure: secureCookie(c, config.session),
    maxAge: 60,
  });
}

/** Reads and clears the pending message, if any. */
export async function takeFlashes(c: Context, config: AdminConfig): Promise<Flash[]> {
  const raw = await getSignedCookie(c, config.session.secret, FLASH_COOKIE);
  if (raw === undefined) return [];
  deleteCookie(c, FLASH_COOKIE, { path: config.session.path });
  if (!raw) return [];
  try {
    const parsed = JSON.parse(raw) as Partial<Flash>;
    if (typeof parsed.text === 'string' && KINDS.includes(parsed.kind as FlashKind)) {
      return [{ kind: parsed.kind as FlashKind, text: parsed.text }];
    }
  } catch {
    // A malformed cookie is dropped like a missing one.
  }
  return [];
}

/** Sets a flash message and redirects (303, so the browser follows with GET). */
export async function redirectWithFlash(c: Context, config: AdminConfig, to: string, flash: Flash): Promise<Response> {
  await setFlash(c, config, flash);
  return c.redirect(to, 303);
}
