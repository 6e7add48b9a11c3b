/**
 * A query worker: a read-only connection of its own on the store's file, running the store's
 * read queries off the main thread. WAL mode lets it read while the main connection writes; each
 * query sees the last committed state. Messages: `{ id, op, args }` in, `{ id, result }` or
 * `{ id, error }` out.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { tableNames } from '../names.js';
import { SqlContext } from '../queries/context.js';
import type { Database as Schema } from '../schema.js';
import { readOperations } from '../tx.js';
import type { QueryWorkerData, WorkerReply, WorkerRequest } from './protocol.js';

const data = workerData as QueryWorkerData;
const db = new Database(data.filename, { readonly: true, fileMustExist: true });
db.pragma(`busy_timeout = ${data.busyTimeoutMs}`);
db.pragma(`cache_size = -${data.cacheSizeKiB}`);
const ops = readOperations(new SqlContext(db, new Kysely<Schema>({ dialect: new SqliteDialect({ database: db }) }), tableNames(data.tablePrefix)));

parentPort!.postMessage({ ready: true });

parentPort!.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    const op = ops[request.op] as (...args: unknown[]) => unknown;
    reply = { id: request.id, result: op(...request.args) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply = { id: request.id, error: { name: e.name, message: e.message, code: (e as { code?: unknown }).code } };
  }
  parentPort!.postMessage(reply);
});
