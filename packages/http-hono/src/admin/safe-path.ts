import type { AdminConfig } from './context.js';

/** Printable ASCII path characters only: no controls, spaces, backslashes or non-ASCII. */
const PATH_CHARS = /^[\x21-\x7e]*$/u;

/**
 * Whether `target` is a same-origin path inside the admin (`<base>/…`, query allowed), safe to
 * redirect to: no scheme or `//host`, no backslash, no `..` segment, no control characters or
 * line breaks (a header value with a line break is refused by the runtime).
 */
export function isAdminPath(config: AdminConfig, target: string): boolean {
  if (!PATH_CHARS.test(target) || target.includes('\\') || target.includes('//')) return false;
  if (!target.startsWith(`${config.base}/`)) return false;
  const path = target.split(/[?#]/u)[0]!;
  return !path.split('/').some((segment) => segment === '..' || segment === '.' || /%2e|%2f|%5c/iu.test(segment));
}

/** `next` after sign-in when it is an admin path, else the ticket list. */
export function safeNext(config: AdminConfig, next: unknown): string {
  return typeof next === 'string' && isAdminPath(config, next) ? next : `${config.base}/tickets`;
}

/**
 * The list query the bulk form came from (`?status=open&page=2`), when it is one that can be
 * appended to the list URL; '' otherwise.
 */
export function safeListQuery(config: AdminConfig, returnTo: unknown): string {
  if (typeof returnTo !== 'string' || !returnTo.startsWith('?')) return '';
  return isAdminPath(config, `${config.base}/tickets${returnTo}`) ? returnTo : '';
}
