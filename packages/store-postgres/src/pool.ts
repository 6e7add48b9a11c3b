import pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { QueryTimeoutError } from '@tessera/core';
import { connectionError } from './errors.js';
import { formatTimestamptz, tesseraTypes } from './type-parsers.js';

/** Query parameters with every `Date` written as an exact UTC literal (see `formatTimestamptz`). */
function encodeValues(values: readonly unknown[] | undefined): unknown[] | undefined {
  if (!values) return undefined;
  return values.some((v) => v instanceof Date) ? values.map((v) => (v instanceof Date ? formatTimestamptz(v) : v)) : (values as unknown[]);
}

/** How the store reaches PostgreSQL: a pool the host owns, or a connection string. */
export type PostgresConnection = { pool: pg.Pool } | { connectionString: string };

/** `host:port` of a connection string or pool config, for error messages. */
export function describeTarget(connection: PostgresConnection): string {
  if ('connectionString' in connection) {
    try {
      const url = new URL(connection.connectionString);
      return `${url.hostname || 'localhost'}:${url.port || '5432'}`;
    } catch {
      return 'the configured PostgreSQL server';
    }
  }
  const options = (connection.pool as unknown as { options?: { host?: string; port?: number } }).options ?? {};
  return `${options.host ?? process.env.PGHOST ?? 'localhost'}:${options.port ?? process.env.PGPORT ?? 5432}`;
}

/** SQLSTATE of a statement cancelled by `statement_timeout` (or a cancel request). */
const QUERY_CANCELED = '57014';

/**
 * Adapts a `pg.Pool` to the shape Kysely's dialect expects, adding four things: every query
 * carries Tessera's type parsers; acquiring a connection gives up after `connectTimeoutMs`
 * (a late client is released, not leaked); a failure to connect becomes a `StoreError`
 * naming `host:port`; a pool the store creates runs every statement under `statement_timeout`
 * = `queryTimeoutMs` (0: none), and a statement cancelled that way becomes a `QueryTimeoutError`.
 * A pool the host passes keeps its own settings (set `statement_timeout` in its config).
 * `end()` closes the pool only when the store created it.
 */
export class TesseraPool implements PostgresPool {
  readonly #pool: pg.Pool;
  readonly #owned: boolean;
  readonly #target: string;
  readonly #timeoutMs: number;
  readonly #queryTimeoutMs: number;
  readonly #clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();

  constructor(connection: PostgresConnection, connectTimeoutMs: number, queryTimeoutMs = 0) {
    this.#target = describeTarget(connection);
    this.#timeoutMs = connectTimeoutMs;
    this.#queryTimeoutMs = queryTimeoutMs;
    if ('pool' in connection) {
      this.#pool = connection.pool;
      this.#owned = false;
    } else {
      this.#pool = new pg.Pool({
        connectionString: connection.connectionString,
        connectionTimeoutMillis: connectTimeoutMs,
        // Sent at connection start-up: the server stops any statement past the budget by itself.
        ...(queryTimeoutMs > 0 && { statement_timeout: queryTimeoutMs }),
      });
      // An idle client losing its server must not crash the host; the next query reports it.
      this.#pool.on('error', () => {});
      this.#owned = true;
    }
  }

  /** `host:port` this pool talks to. */
  get target(): string {
    return this.#target;
  }

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.#acquire();
    let wrapped = this.#clients.get(client);
    if (!wrapped) {
      wrapped = {
        query: ((text: string, values: readonly unknown[]) =>
          client.query({ text, values: encodeValues(values), types: tesseraTypes }).then(
            // Several statements in one message answer with one result each: the last is the
            // one the caller asked for (the others are writes sent ahead of it, see write-behind.ts).
            (result: pg.QueryResult | pg.QueryResult[]) => (Array.isArray(result) ? result[result.length - 1] : result),
            (error: unknown) => {
              throw this.#timedOut(error) ? new QueryTimeoutError(this.#queryTimeoutMs, { cause: error }) : error;
            },
          )) as unknown as PostgresPoolClient['query'],
        release: ((discard?: boolean) => client.release(discard)) as PostgresPoolClient['release'],
      };
      this.#clients.set(client, wrapped);
    }
    return wrapped;
  }

  #timedOut(error: unknown): boolean {
    return this.#queryTimeoutMs > 0 && (error as { code?: unknown } | null)?.code === QUERY_CANCELED;
  }

  async end(): Promise<void> {
    if (this.#owned) await this.#pool.end();
  }

  async #acquire(): Promise<pg.PoolClient> {
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const pending = this.#pool.connect();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new Error(`timeout after ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
    });
    try {
      return await Promise.race([pending, timeout]);
    } catch (error) {
      if (timedOut) pending.then((c) => c.release(), () => {});
      throw connectionError(error, this.#target);
    } finally {
      clearTimeout(timer);
    }
  }
}
