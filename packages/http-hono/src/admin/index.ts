/**
 * The staff admin UI of Tessera (ticket list, detail and edit pages for staff): `createAdminRouter` returns a Hono app the host mounts
 * at `/admin/ticketing`.
 */
export { createAdminRouter } from './router.js';
export { createDirectorySignIn } from './directory-sign-in.js';
/** Re-exported from `@tessera/core`, where the in-memory directory keeps its sessions in one. */
export { createMemorySessionStore } from '@tessera/core';
export type { AdminCredentials, AdminRouterOptions, AdminEnv } from './context.js';
export { socketAddress, type ClientAddress, type SignInLimits } from './sign-in-limiter.js';
export { ADMIN_FORM_MAX_BYTES } from './post-body.js';
