import { type Clock, IDEMPOTENCY_TTL_MS, type IdempotencyStore, systemClock } from '@tessera/core';
import type { MiddlewareHandler } from 'hono';
import type { RouterRoute } from 'hono/types';
import { readBounded } from '../body.js';
import type { TicketingEnv } from '../env.js';
import { HttpError } from '../errors.js';
import { docOf, documented } from '../routes/operation.js';

const PRUNE_EVERY_MS = 3_600_000;
const KEY_PATTERN = /^[\x20-\x7E]{1,255}$/u;

/** The POST routes that honour `Idempotency-Key` (paths as registered, without the trailing slash). */
export const IDEMPOTENT_ROUTES: readonly string[] = ['/tickets', '/tickets/:id/add_comment', '/comments'];
/** The same routes matched at the end of a request path, under any mount point. */
const IDEMPOTENT_PATH = /\/(?:tickets|tickets\/[^/]+\/add_comment|comments)\/?$/u;

/** JSON with object keys sorted at every level, so key order and whitespace do not change the hash. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * What "the same request" means: method, path (trailing slash ignored) and the body as canonical
 * JSON (the raw bytes when it is not JSON), hashed with SHA-256.
 */
export async function requestHash(method: string, path: string, body: Uint8Array): Promise<string> {
  let canonical: Uint8Array;
  try {
    canonical = new TextEncoder().encode(`json:${canonicalJson(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)))}`);
  } catch {
    canonical = concatBytes(new TextEncoder().encode('raw:'), body);
  }
  // Web Crypto, not node:crypto: the router runs on any runtime Hono does.
  const head = new TextEncoder().encode(`${method.toUpperCase()}\n${path.replace(/\/+$/u, '')}\n`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', concatBytes(head, canonical)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * `Idempotency-Key` on a POST: the first request with a key runs and its answer (2xx or 4xx) is
 * stored for 24 hours under (user, key); the same key with the same request replays that answer
 * with `Idempotent-Replayed: true` and changes nothing; with a different request → 422; while the
 * first is still running → 409; a malformed key → 400. A 5xx answer is not stored, so the key may
 * be retried. Requests without the header pass through untouched.
 *
 * Safe across processes because the store's `begin` is atomic: of two concurrent requests with one
 * key, exactly one gets `new`.
 */
export function idempotencyKey(options: { store: IdempotencyStore | undefined; maxBodyBytes: number; clock?: Clock }): MiddlewareHandler<TicketingEnv> {
  const { store, maxBodyBytes } = options;
  if (!store) return (_c, next) => next();
  const clock = options.clock ?? systemClock;
  let prunedAt = 0;

  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined || !IDEMPOTENT_PATH.test(c.req.path)) return next();
    if (!KEY_PATTERN.test(key)) {
      throw new HttpError(400, { detail: 'Idempotency-Key must be 1 to 255 printable ASCII characters.' });
    }
    const bytes = await readBounded(c.req.raw, maxBodyBytes);
    // The body stream is spent: hand the route an identical request over the bytes read.
    c.req.raw = new Request(c.req.raw.url, { method: 'POST', headers: c.req.raw.headers, body: bytes as BodyInit });
    const userId = c.get('actor').id;
    const now = clock.now();
    if (now.getTime() - prunedAt > PRUNE_EVERY_MS) {
      prunedAt = now.getTime();
      // Housekeeping only: a failed prune must not fail the request.
      void store.prune(new Date(now.getTime() - IDEMPOTENCY_TTL_MS)).catch(() => undefined);
    }

    const begun = await store.begin(userId, key, await requestHash('POST', c.req.path, bytes), now);
    if (begun.state === 'in_progress') {
      throw new HttpError(409, { detail: 'A request with this Idempotency-Key is still being processed; retry later.' });
    }
    if (begun.state === 'mismatch') {
      throw new HttpError(422, { detail: 'This Idempotency-Key was already used with a different request.' });
    }
    if (begun.state === 'done') {
      return c.body(begun.body, begun.status as 200, { 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true' });
    }

    let stored = false;
    try {
      await next();
      const status = c.res.status;
      if (status < 500) {
        await store.complete(userId, key, status, await c.res.clone().text());
        stored = true;
      }
    } finally {
      if (!stored) await store.abandon(userId, key);
    }
  };
}

/** Marks the idempotent routes' OpenAPI operations, so the document lists the header and its 409/422. */
export function documentIdempotency(routes: readonly RouterRoute[]): void {
  for (const route of routes) {
    if (route.method !== 'POST' || !IDEMPOTENT_ROUTES.includes(route.path.replace(/\/$/u, ''))) continue;
    const operation = docOf(route.handler)?.operation;
    if (operation) documented({ ...operation, idempotent: true }, [route.handler]);
  }
}
