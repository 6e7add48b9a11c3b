/**
 * @tessera/http-hono — the seed's REST API as a Hono router, its OpenAPI document, the admin UI,
 * and token/password helpers for hosts that authenticate with Tessera's own directory.
 *
 * @example
 * ```ts
 * const app = new Hono();
 * app.route('/api/ticketing', createTicketingRouter({ ticketing, authenticate }));
 * ```
 *
 * The filesystem blob store lives at `@tessera/http-hono/fs-blobs` (Node only), so this entry
 * imports no `node:` module.
 */
export * from './auth/index.js';
export { createTicketingRouter, type TicketingApp } from './router.js';
export type { TicketingEnv, TicketingRouterOptions } from './env.js';
export { DEFAULT_ALLOWED_HOSTS, type HostPolicyOptions } from './host-policy.js';
export { jsonLineErrorLogger } from './error-log.js';
export { createOpenApiDocument } from './openapi.js';
export { errorResponse, HttpError, wireFieldErrors, type ErrorBody, type ErrorLogger } from './errors.js';
export * from './wire/serialize.js';
export * from './wire/responses.js';
export { wireTime } from './wire/time.js';
export * from './admin/index.js';
