import { createAdaptorServer } from '@hono/node-server';
import { createTicketing } from '@tessera/core';
import { createFsBlobStore } from '@tessera/http-hono/fs-blobs';
import type { Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { createServerApp } from './app.js';
import { startSlaTicker, stopSlaTickers } from './sla-ticker.js';
import { startWebhooks, stopWebhooks } from './webhooks.js';
import { announceFirstUser, ensureFirstUser, sessionSecret } from './bootstrap.js';
import { answerClientError } from './client-error.js';
import type { ServerConfig } from './config.js';
import { loadDemoData } from './demo.js';
import { openStore, type ServerStore } from './store.js';

export type Fetch = (request: Request, env: unknown) => Response | Promise<Response>;

/** A listen failure as the one line a person needs (port taken, port not allowed), else the error. */
function listenError(config: ServerConfig, error: NodeJS.ErrnoException): Error {
  if (error.code === 'EADDRINUSE') {
    return new Error(`Port ${config.port} on ${config.host} is already in use (another Tessera?). Stop it, or start with PORT=<another port>.`);
  }
  if (error.code === 'EACCES') return new Error(`Not allowed to listen on ${config.host}:${config.port}; pick a port above 1023 with PORT=…`);
  return error;
}

function listen(server: NetServer, config: ServerConfig): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: NodeJS.ErrnoException) => {
    throw listenError(config, error);
  });
}

/**
 * Binds the port before anything else happens, so a port in use is one clear line and not a
 * stack trace after the demo data was loaded. Requests that arrive while the server is still
 * starting wait for `app`.
 */
export async function bind(config: ServerConfig, app: Promise<Fetch>): Promise<Server> {
  const server = createAdaptorServer({ fetch: async (request, env) => (await app)(request, env) }) as Server;
  server.on('clientError', answerClientError);
  await listen(server, config);
  return server;
}

/**
 * Checks that the port can be bound, then releases it: the primary of several workers runs
 * this before migrating, so a port in use is still one line before the database is touched.
 * (The workers bind for real a moment later; losing that race is reported the same way.)
 */
export async function probePort(config: ServerConfig): Promise<void> {
  if (config.port === 0) return;
  const probe = createNetServer();
  await listen(probe, config);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}

/**
 * First-start work, run once per start by exactly one process: the first staff user (its token
 * announced), the session secret file, and `--demo` data when the database holds no ticket.
 */
export async function prepareDatabase(
  config: ServerConfig,
  store: ServerStore,
  demo: boolean,
  announce: (text: string) => void = console.log,
): Promise<void> {
  const first = await ensureFirstUser(store.directory);
  if (first) announceFirstUser(first, config, undefined, announce);
  sessionSecret(config.sessionSecret, config.dataDir);
  if (!demo) return;
  const existing = await store.listTickets({
    filter: {},
    ordering: { field: 'created_at', direction: 'desc' },
    page: { offset: 0, limit: 1 },
    now: new Date(),
  });
  if (existing.count > 0) {
    console.log(`Demo data skipped: the database already holds ${existing.count} ticket${existing.count === 1 ? '' : 's'}.`);
  } else {
    const { tickets } = await loadDemoData(store, { blobs: createFsBlobStore({ directory: config.blobDirectory }) });
    console.log(`Loaded demo data: 4 customers, 7 users, ${tickets} tickets.`);
  }
}

/** The request handler over an open store. `workerPid` tags request log lines. */
export function createFetch(config: ServerConfig, store: ServerStore, workerPid?: number): Fetch {
  const blobs = createFsBlobStore({ directory: config.blobDirectory });
  const ticketing = createTicketing({ store, blobs, uploadLimitBytes: config.uploadLimitBytes });
  startSlaTicker(ticketing);
  const app = createServerApp({
    ticketing,
    store,
    uploadLimitBytes: config.uploadLimitBytes,
    requestLog: config.requestLog,
    sessionSecret: sessionSecret(config.sessionSecret, config.dataDir),
    publicUrl: config.publicUrl,
    allowedHosts: config.allowedHosts,
    webhooks: startWebhooks(store, ticketing, config),
    ...(workerPid !== undefined && { workerPid }),
  });
  return app.fetch as Fetch;
}

/** How {@link serve} runs: alone, or as one of several workers (quiet; the primary speaks). */
export interface ServeOptions {
  /** Open the store and run first-start work; false in a worker, whose primary did both. */
  primary: boolean;
  demo: boolean;
  /** Called once the store is open and requests are answered. */
  onReady?: (address: AddressInfo) => void;
}

/**
 * Serves HTTP from this process: binds, opens the store, and answers until SIGTERM/SIGINT, after
 * which it exits 0 once in-flight requests are done and the database closed (1 when closing
 * fails or takes more than 10 s).
 */
export async function serve(config: ServerConfig, options: ServeOptions): Promise<void> {
  let ready!: (fetch: Fetch) => void;
  const app = new Promise<Fetch>((resolve) => (ready = resolve));
  const server = await bind(config, app);
  const say = (line: string) => {
    if (options.primary) console.log(line);
  };
  let store: ServerStore | undefined;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received: finishing in-flight requests...`);
    // Stop accepting; idle keep-alive sockets close now, busy ones after their response.
    server.close(() => {
      stopSlaTickers();
      void stopWebhooks()
        .then(() => store?.close())
        .then(
        () => {
          say('Database closed. Bye.');
          // A clean stop is a success, whatever signal asked for it (so `pnpm start` reports none).
          process.exit(0);
        },
        (error: unknown) => {
          console.error('Closing the database failed:', error);
          process.exit(1);
        },
      );
    });
    server.closeIdleConnections();
    setTimeout(() => {
      console.error(`Shutdown timed out after 10 s; exiting${options.primary ? '' : ` (worker ${process.pid})`}.`);
      process.exit(1);
    }, 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  store = await openStore(config, { migrate: options.primary });
  if (options.primary) await prepareDatabase(config, store, options.demo);
  ready(createFetch(config, store, options.primary ? undefined : process.pid));
  options.onReady?.(server.address() as AddressInfo);
}
