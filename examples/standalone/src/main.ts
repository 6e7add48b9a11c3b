import { createAdaptorServer } from '@hono/node-server';
import { createTicketing } from '@tessera/core';
import { createFsBlobStore } from '@tessera/http-hono';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServerApp } from './app.js';
import { announceFirstUser, ensureFirstUser, sessionSecret } from './bootstrap.js';
import { answerClientError } from './client-error.js';
import { describeDatabase, loadConfig, type ServerConfig } from './config.js';
import { loadDemoData } from './demo.js';
import { privateUmask, restrictDataDir } from './permissions.js';
import { openStore, type ServerStore } from './store.js';
import { startWebhooks, stopWebhooks } from './webhooks.js';

type Fetch = (request: Request, env: unknown) => Response | Promise<Response>;

/**
 * Binds the port before anything else happens, so a port in use is one clear line and not a
 * stack trace after the demo data was loaded. Requests that arrive while the server is still
 * starting wait for `app`.
 */
async function bind(config: ServerConfig, app: Promise<Fetch>): Promise<Server> {
  const server = createAdaptorServer({ fetch: async (request, env) => (await app)(request, env) }) as Server;
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      throw new Error(`Port ${config.port} on ${config.host} is already in use (another Tessera?). Stop it, or start with PORT=<another port>.`);
    }
    if (error.code === 'EACCES') throw new Error(`Not allowed to listen on ${config.host}:${config.port}; pick a port above 1023 with PORT=…`);
    throw error;
  });
  return server;
}

async function prepare(config: ServerConfig, store: ServerStore, demo: boolean): Promise<Fetch> {
  const blobs = createFsBlobStore({ directory: config.blobDirectory });
  const first = await ensureFirstUser(store.directory);
  if (first) announceFirstUser(first, config);
  if (demo) {
    const existing = await store.listTickets({
      filter: {},
      ordering: { field: 'created_at', direction: 'desc' },
      page: { offset: 0, limit: 1 },
      now: new Date(),
    });
    if (existing.count > 0) {
      console.log(`Demo data skipped: the database already holds ${existing.count} ticket${existing.count === 1 ? '' : 's'}.`);
    } else {
      const { tickets } = await loadDemoData(store, { blobs });
      console.log(`Loaded demo data: 4 customers, 7 users, ${tickets} tickets.`);
    }
  }
  const ticketing = createTicketing({ store, blobs, uploadLimitBytes: config.uploadLimitBytes });
  const app = createServerApp({
    ticketing,
    store,
    uploadLimitBytes: config.uploadLimitBytes,
    requestLog: config.requestLog,
    sessionSecret: sessionSecret(config.sessionSecret, config.dataDir),
    publicUrl: config.publicUrl,
    allowedHosts: config.allowedHosts,
    webhooks: startWebhooks(store, ticketing, config),
  });
  return app.fetch as Fetch;
}

/**
 * Starts the standalone server: binds the port, opens (and migrates) the database, creates the
 * first staff user when there is none, optionally loads demo data (`--demo`), and serves until
 * SIGTERM/SIGINT, after which it exits 0 once in-flight requests are done and the database closed.
 */
async function main(): Promise<void> {
  privateUmask();
  const demo = process.argv.includes('--demo');
  const config = loadConfig();
  restrictDataDir(config.dataDir);

  let ready!: (fetch: Fetch) => void;
  const app = new Promise<Fetch>((resolve) => (ready = resolve));
  const server = await bind(config, app);
  let store: ServerStore | undefined;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing in-flight requests...`);
    // Stop accepting; idle keep-alive sockets close now, busy ones after their response.
    server.close(() => {
      void stopWebhooks().then(() => store?.close()).then(
        () => {
          console.log('Database closed. Bye.');
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
      console.error('Shutdown timed out after 10 s; exiting.');
      process.exit(1);
    }, 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  store = await openStore(config);
  ready(await prepare(config, store, demo));
  const { address, port } = server.address() as AddressInfo;
  console.log(`Tessera listening on http://${address}:${port}/ (API at /api/ticketing/, admin at /admin/ticketing/, ${describeDatabase(config)})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
