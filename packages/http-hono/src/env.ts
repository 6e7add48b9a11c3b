import type { Actor, IdempotencyStore, Ticketing } from '@tessera/core';
import type { WebhookService } from '@tessera/webhooks';
import type { Authenticate } from './auth/bearer.js';
import type { ErrorLogger } from './errors.js';
import type { HostPolicyOptions } from './host-policy.js';
import type { BodySchemas } from './wire/bodies.js';
import type { QuerySchemas } from './wire/queries.js';

/** Hono environment of the router: the authenticated actor and the router's absolute base URL. */
export type TicketingEnv = {
  Variables: {
    actor: Actor;
    /** The router middleware's own route pattern (`/api/ticketing/*`), to find the mount point. */
    mountPattern: string;
  };
};

/** Options of {@link createTicketingRouter}. */
export interface TicketingRouterOptions extends HostPolicyOptions {
  ticketing: Ticketing;
  /** Returns the acting user for a request, or null (→ 401). */
  authenticate: Authenticate;
  /** Largest attachment accepted, in bytes; defaults to `ticketing.uploadLimitBytes`. */
  uploadLimitBytes?: number;
  /** Largest JSON body accepted, in bytes (default 1 MiB); larger bodies are 413. */
  maxJsonBytes?: number;
  /** Where unexpected (500) errors are reported; defaults to `console.error`. */
  logError?: ErrorLogger;
  /**
   * Webhook subscriptions (`createWebhookService` of `@tessera/webhooks`). Without it the
   * `/webhooks/` routes are not mounted (404, and absent from the OpenAPI document).
   */
  webhooks?: WebhookService;
  /**
   * Where `Idempotency-Key`s of `POST tickets/`, `tickets/{id}/add_comment/` and `comments/` are
   * kept (a store's `idempotency`). Without it the header is ignored and undocumented.
   */
  idempotency?: IdempotencyStore;
}

/** What route modules receive. */
export interface RouteDeps {
  ticketing: Ticketing;
  bodies: BodySchemas;
  queries: QuerySchemas;
  uploadLimitBytes: number;
  maxJsonBytes: number;
}
