import type { Actor, Ticketing } from '@tessera/core';
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
}

/** What route modules receive. */
export interface RouteDeps {
  ticketing: Ticketing;
  bodies: BodySchemas;
  queries: QuerySchemas;
  uploadLimitBytes: number;
  maxJsonBytes: number;
}
