import { setTimeout as sleep } from 'node:timers/promises';
import type { SqlContext } from './queries/context.js';

/** `BEGIN IMMEDIATE` without waiting: null when it began, SQLite's busy error when another connection writes. */
function attemptBegin(ctx: SqlContext): Error | null {
  const { db } = ctx;
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    ctx.statement('BEGIN IMMEDIATE').run();
    return null;
  } catch (error) {
    // SQLITE_BUSY, or an extended code of it (SQLITE_BUSY_RECOVERY while another connection
    // rebuilds the WAL index): another connection holds the lock for now.
    if (/^SQLITE_BUSY(_|$)/u.test((error as { code?: string }).code ?? '')) return error as Error;
    throw error;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

/**
 * `BEGIN IMMEDIATE` without waiting: true when the transaction began, false when another
 * connection (another process, most often) holds the database's write lock.
 */
export function tryBeginImmediate(ctx: SqlContext): boolean {
  return attemptBegin(ctx) === null;
}

// Polling intervals while another connection writes, ms: short, as its transactions are.
const RETRY_MS = [1, 1, 2];

/**
 * `BEGIN IMMEDIATE`, waiting up to `timeoutMs` for another connection's write lock on timers.
 * SQLite's own busy handler sleeps the thread between its retries, and in a server that thread
 * serves every request of the process: a worker waiting for another worker's write would stop
 * answering reads, and stop gathering the writes that could share its next commit. Throws
 * SQLite's busy error once the time is up.
 */
export async function beginImmediate(ctx: SqlContext, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    const busy = attemptBegin(ctx);
    if (busy === null) return;
    if (performance.now() >= deadline) throw busy;
    await sleep(RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
  }
}
