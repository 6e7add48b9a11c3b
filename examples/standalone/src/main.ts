import { isWorker, runPrimary, runWorker } from './cluster.js';
import { describeDatabase, loadConfig } from './config.js';
import { privateUmask, restrictDataDir } from './permissions.js';
import { serve } from './serve.js';

/**
 * Starts the standalone server. With `TESSERA_WORKERS=1` one process binds the port, opens (and
 * migrates) the database, creates the first staff user when there is none, optionally loads demo
 * data (`--demo`), and serves. With more (the default: one per core), a primary process does the
 * one-time work and forks that many workers sharing the port (see `cluster.ts`). Either way it
 * serves until SIGTERM/SIGINT, then exits 0 once in-flight requests are done and the database closed.
 */
async function main(): Promise<void> {
  privateUmask();
  const config = loadConfig();
  if (isWorker) return runWorker(config);
  const demo = process.argv.includes('--demo');
  restrictDataDir(config.dataDir);
  if (config.workers > 1) return runPrimary(config, demo);
  await serve(config, {
    primary: true,
    demo,
    onReady: ({ address, port }) =>
      console.log(`Tessera listening on http://${address}:${port}/ (API at /api/ticketing/, admin at /admin/ticketing/, ${describeDatabase(config)})`),
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
