import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openSqliteStore, type SqliteStore } from '@tessera/store-sqlite';
import { tableNames } from '../src/names.js';
import { SqlContext } from '../src/queries/context.js';

/** A temporary directory removed after the test file; returns a path maker inside it. */
export function useTempDir(prefix: string): (name: string) => string {
  const dir = mkdtempSync(join(tmpdir(), `tessera-sqlite-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name) => join(dir, name);
}

/** A store's query context (its connection and Kysely, default table names), as the store builds its own. */
export function contextOf(store: SqliteStore): SqlContext {
  return new SqlContext(store.database, store.kysely, tableNames());
}

/** An in-memory store and its query context, opened before the test file and closed after it. */
export function useMemoryStore(): { store: SqliteStore; ctx: SqlContext } {
  const db = {} as { store: SqliteStore; ctx: SqlContext };
  beforeAll(async () => {
    db.store = await openSqliteStore({ filename: ':memory:' });
    db.ctx = contextOf(db.store);
  });
  afterAll(() => db.store.close());
  return db;
}

/** SQLite's plan for a compiled statement, one line per step (`EXPLAIN QUERY PLAN`'s `detail`). */
export function queryPlan(store: SqliteStore, compiled: { sql: string; parameters: readonly unknown[] }): string[] {
  const rows = store.database.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...compiled.parameters) as { detail: string }[];
  return rows.map((r) => r.detail);
}
