/**
 * @tessera/http-hono/fs-blobs — attachment bytes on the local filesystem (Node only). A subpath of
 * its own so that the router (the package's main entry) imports no `node:fs` and runs on any
 * runtime Hono runs on.
 *
 * @example
 * ```ts
 * import { createFsBlobStore } from '@tessera/http-hono/fs-blobs';
 * const ticketing = createTicketing({ store, blobs: createFsBlobStore({ directory: './data/attachments' }) });
 * ```
 */
export { createFsBlobStore, type FsBlobStoreOptions } from './fs-blob-store.js';
