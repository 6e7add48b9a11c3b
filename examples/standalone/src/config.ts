import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { webhookConfigFromEnv, type WebhookEnvConfig } from '@tessera/webhooks';

/** Settings of the standalone server, from the environment. */
export interface ServerConfig {
  host: string;
  port: number;
  /** `sqlite:<path>` (default `./data/tessera.db`) or a `postgres://` URL. */
  database: { kind: 'sqlite'; filename: string; cacheSizeKiB: number } | { kind: 'postgres'; url: string; schema: string };
  /** Directory of the SQLite file, attachments and the generated session secret. */
  dataDir: string;
  /** Where attachment bytes are written. */
  blobDirectory: string;
  /** Signs admin UI sessions; from `TESSERA_SESSION_SECRET`, else generated once into the data directory. */
  sessionSecret: string | null;
  uploadLimitBytes: number;
  /** Per-request JSON log lines on stdout. */
  requestLog: boolean;
  /** The URL clients use (`TESSERA_PUBLIC_URL`): origin of absolute links; https makes cookies Secure. */
  publicUrl: string | undefined;
  /** Hosts served when there is no public URL (`TESSERA_ALLOWED_HOSTS`, comma-separated); default loopback. */
  allowedHosts: string[] | undefined;
  /** Server processes (`TESSERA_WORKERS`, default: the number of cores); 1 serves from a single process. */
  workers: number;
  /** PostgreSQL connections per worker process (`TESSERA_PG_POOL_SIZE`); default 20 shared out over the workers, at least 4 each. */
  pgPoolSize: number;
  /** Time budget of a query in ms (`TESSERA_QUERY_TIMEOUT_MS`, default 5000; 0 = none): past it, 503. */
  queryTimeoutMs: number;
  /**
   * SQLite search threads per worker process (`TESSERA_QUERY_WORKERS`); default: the cores shared
   * out over the worker processes, at least 1 each.
   */
  queryWorkers: number;
  /** The dispatcher's settings: `TESSERA_WEBHOOK_ALLOW_PRIVATE`, `TESSERA_WEBHOOK_RETRY_SCHEDULE`, `TESSERA_WEBHOOK_LEASE_MS`. */
  webhooks: WebhookEnvConfig;
}

function integer(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got "${value}".`);
  }
  return n;
}

/**
 * Reads `HOST`, `PORT`, `DATABASE_URL` (+ `TESSERA_PG_SCHEMA`), `TESSERA_DATA_DIR`,
 * `TESSERA_UPLOAD_LIMIT_BYTES`, `TESSERA_REQUEST_LOG`, `TESSERA_SESSION_SECRET`,
 * `TESSERA_SQLITE_CACHE_MIB`, `TESSERA_PUBLIC_URL`, `TESSERA_ALLOWED_HOSTS`, `TESSERA_WORKERS`,
 * `TESSERA_PG_POOL_SIZE`, `TESSERA_QUERY_TIMEOUT_MS`, `TESSERA_QUERY_WORKERS` and the `TESSERA_WEBHOOK_*` settings, so a bad
 * value stops the server before it opens anything. Relative paths resolve against the process's working directory
 * (`examples/standalone` under `pnpm start`).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const dataDir = resolve(env.TESSERA_DATA_DIR || './data');
  const url = env.DATABASE_URL?.trim();
  // A small server's page cache: SQLite's own default is 2 MiB, the store's 64 MiB; the OS caches the file anyway.
  const cacheSizeKiB = integer('TESSERA_SQLITE_CACHE_MIB', env.TESSERA_SQLITE_CACHE_MIB, 32, 1, 65_536) * 1024;
  let database: ServerConfig['database'];
  if (!url) database = { kind: 'sqlite', filename: resolve(dataDir, 'tessera.db'), cacheSizeKiB };
  else if (/^postgres(ql)?:\/\//u.test(url)) database = { kind: 'postgres', url, schema: env.TESSERA_PG_SCHEMA || 'tessera' };
  else if (/^(sqlite|file):/u.test(url)) {
    database = { kind: 'sqlite', filename: resolve(url.replace(/^(sqlite|file):(\/\/)?/u, '')), cacheSizeKiB };
  }
  else throw new Error(`DATABASE_URL must start with postgres://, sqlite: or file:, got "${url}".`);
  const publicUrl = env.TESSERA_PUBLIC_URL?.trim() || undefined;
  if (publicUrl !== undefined && !/^https?:\/\/[^/]/u.test(publicUrl)) {
    throw new Error(`TESSERA_PUBLIC_URL must be an http:// or https:// URL, got "${publicUrl}".`);
  }
  const workers = integer('TESSERA_WORKERS', env.TESSERA_WORKERS, availableParallelism(), 1, 256);
  // Node serves one request at a time per process; a few connections each keep Postgres busy
  // without multiplying its connection count by the number of cores.
  const pgPoolSize = integer('TESSERA_PG_POOL_SIZE', env.TESSERA_PG_POOL_SIZE, Math.max(4, Math.ceil(20 / workers)), 1, 1000);
  // Each search thread is an isolate with its own connection (tens of MiB): as many in all as there
  // are cores, since a search keeps one busy.
  const queryWorkers = integer('TESSERA_QUERY_WORKERS', env.TESSERA_QUERY_WORKERS, Math.max(1, Math.floor(availableParallelism() / workers)), 1, 64);
  const hosts = env.TESSERA_ALLOWED_HOSTS?.split(',').map((h) => h.trim()).filter(Boolean);
  return {
    host: env.HOST || '127.0.0.1',
    port: integer('PORT', env.PORT, 3000, 0, 65535),
    database,
    dataDir,
    blobDirectory: resolve(dataDir, 'attachments'),
    sessionSecret: env.TESSERA_SESSION_SECRET || null,
    uploadLimitBytes: integer('TESSERA_UPLOAD_LIMIT_BYTES', env.TESSERA_UPLOAD_LIMIT_BYTES, 26_214_400, 1, 2 ** 40),
    requestLog: env.TESSERA_REQUEST_LOG !== 'off',
    publicUrl,
    allowedHosts: hosts?.length ? hosts : undefined,
    workers,
    pgPoolSize,
    queryTimeoutMs: integer('TESSERA_QUERY_TIMEOUT_MS', env.TESSERA_QUERY_TIMEOUT_MS, 5000, 0, 3_600_000),
    queryWorkers,
    webhooks: webhookConfigFromEnv(env),
  };
}

/** Where the database lives, for messages (no credentials). */
export function describeDatabase(config: ServerConfig): string {
  if (config.database.kind === 'sqlite') return `SQLite ${config.database.filename}`;
  const u = new URL(config.database.url);
  return `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname} (schema ${config.database.schema})`;
}
