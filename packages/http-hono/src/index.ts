/**
 * @tessera/http-hono — the seed's REST API as a Hono router, its OpenAPI document, a filesystem
 * blob store, and token/password helpers for hosts that authenticate with Tessera's own directory.
 *
 * @example
 * ```ts
 * const app = new Hono();
 * app.route('/api/ticketing', createTicketingRouter({ ticketing, authenticate }));
 * ```
 */
export * from './auth/index.js';
