import { ForbiddenError, InvalidTransitionError, NotFoundError, PayloadTooLargeError, ValidationError, type Ticketing } from '@tessera/core';
import type { Context, MiddlewareHandler } from 'hono';
import { HttpError } from '../errors.js';
import type { TicketingEnv } from '../env.js';
import { baseUrlOf } from '../base-url.js';

/** A numeric path id; anything else is a 404, as an unknown id would be (DRF's behaviour). */
export function pathId(c: Context<TicketingEnv>, resource: NotFoundError['resource'], name = 'id'): number {
  const raw = c.req.param(name) ?? '';
  const id = /^\d{1,15}$/u.test(raw) ? Number(raw) : 0;
  if (id < 1) throw new NotFoundError(resource, raw);
  return id;
}

/** Strong ETag of a ticket version. */
export function etag(version: number): string {
  return `"${version}"`;
}

/**
 * The version an `If-Match` header pins (`"3"`, `W/"3"`, `3`), undefined without one (or `*`).
 * A header that names no version of ours can never match: 412.
 */
export function ifMatchVersion(c: Context): number | undefined {
  const header = c.req.header('if-match')?.trim();
  if (!header || header === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/u.exec(header);
  if (!match) throw new HttpError(412, { detail: 'Precondition failed: If-Match does not name a ticket version.' });
  return Number(match[1]);
}

/** Write options from `If-Match`. */
export function writeOptions(c: Context): { expectedVersion?: number } {
  const expectedVersion = ifMatchVersion(c);
  return expectedVersion === undefined ? {} : { expectedVersion };
}

/**
 * Runs `fn`, turning a missing related object named in the body into a 400 under that body
 * field (`{"ticket": ["Invalid pk \"9\" - object does not exist."]}`), as DRF does.
 */
export async function bodyRef<T>(field: string, id: number, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof NotFoundError && error.id === id) {
      throw HttpError.field(field, `Invalid pk "${id}" - object does not exist.`);
    }
    throw error;
  }
}

/** Renames core validation keys for an endpoint whose wire names differ (assign's `user_id`). */
export async function renameFields<T>(names: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ValidationError) {
      const issues: typeof error.issues = {};
      for (const [key, list] of Object.entries(error.issues)) issues[names[key] ?? key] = list;
      throw new ValidationError(issues, { location: error.location });
    }
    throw error;
  }
}

/** Download link of an attachment under the router's base URL. */
export function downloadUrl(c: Context<TicketingEnv>): (id: number) => string {
  const base = baseUrlOf(c.req.url, c.req.path, c.get('mountPattern'));
  return (id) => `${base}/attachments/${id}/download/`;
}

/**
 * For writes to `/tickets/{id}/…`: when the request fails as a client error (bad body, 403, 413…),
 * the ticket is looked up first, so an unknown or invisible id answers 404 whatever the body
 * holds (DRF looks the object up before it validates). Only failing requests pay the lookup.
 */
export function ticketFirst(tickets: Ticketing['tickets']): MiddlewareHandler<TicketingEnv> {
  return async (c, next) => {
    await next();
    // Hono turns a downstream throw into the error response and keeps the error in `c.error`.
    const error = c.error;
    const clientError =
      (error instanceof HttpError && error.status !== 412) ||
      error instanceof ValidationError ||
      error instanceof ForbiddenError ||
      error instanceof InvalidTransitionError ||
      error instanceof PayloadTooLargeError;
    if (clientError) await tickets.get(c.get('actor'), pathId(c, 'ticket'));
  };
}
