import { serve } from '@hono/node-server';
import { createTicketing } from '@tessera/core';
import { createFsBlobStore } from '@tessera/http-hono/fs-blobs';
import { createServerApp } from './app.js';
import { ensureFirstUser, sessionSecret } from './bootstrap.js';
import { describeDatabase, loadConfig } from './config.js';
import { loadDemoData } from './demo.js';
import { openStore } from './store.js';

/**
 * Starts the standalone server: opens (and migrates) the database, creates the first staff
 * user on an empty one, optionally loads demo data (`--demo`), and serves until SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  const demo = process.argv.includes('--demo');
  const config = loadConfig();
  const store = await openStore(config);
  const blobs = createFsBlobStore({ directory: config.blobDirectory });

  const first = await ensureFirstUser(store.directory);
  if (first) {
    console.log(
      [
        '',
        `Created staff user #${first.user.id} (${first.user.email}). Its API token, shown only this once:`,
        '',
        `    ${first.token}`,
        '',
        ...(first.customer ? [`Created customer #${first.customer.id} (${first.customer.name}) to file tickets for.`, ''] : []),
        `Try: curl -H "Authorization: Bearer ${first.token}" http://${config.host}:${config.port}/api/ticketing/tickets/`,
        '',
      ].join('\n'),
    );
  }
  if (demo) {
    const existing = await store.listTickets({
      filter: {},
      ordering: { field: 'created_at', direction: 'desc' },
      page: { offset: 0, limit: 1 },
      now: new Date(),
    });
    if (existing.count > 0) console.log(`Demo data skipped: the database already holds ${existing.count} tickets.`);
    else {
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
  });
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    console.log(
      `Tessera listening on http://${info.address}:${info.port}/ (API at /api/ticketing/, admin at /admin/ticketing/, ${describeDatabase(config)})`,
    );
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing in-flight requests...`);
    // Stop accepting; idle keep-alive sockets close now, busy ones after their response.
    server.close(() => {
      void store.close().then(
        () => {
          console.log('Database closed. Bye.');
          process.exit(0);
        },
        (error: unknown) => {
          console.error('Closing the database failed:', error);
          process.exit(1);
        },
      );
    });
    if ('closeIdleConnections' in server) (server as { closeIdleConnections(): void }).closeIdleConnections();
    setTimeout(() => {
      console.error('Shutdown timed out after 10 s; exiting.');
      process.exit(1);
    }, 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
