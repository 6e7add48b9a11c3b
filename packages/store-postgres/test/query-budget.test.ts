import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { QueryTimeoutError } from '@tessera/core';
import { createPostgresStore } from '../src/index.js';
import { PG_URL, pgAvailable, useTestSchema } from './pg-test-schema.js';

describe.skipIf(!pgAvailable)('postgres store: query time budget', () => {
  const db = useTestSchema('budget');
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanup.splice(0).map((fn) => fn()));
  });

  it('stops a statement over budget with QueryTimeoutError while other queries keep answering', async () => {
    await db.fresh(); // migrated and empty
    const store = createPostgresStore({ connectionString: PG_URL }, { schema: db.schema, queryTimeoutMs: 300 });
    cleanup.push(() => store.close());
    // A third connection holds the tickets table: any read of it waits, and the wait counts.
    const holder = new pg.Client({ connectionString: PG_URL });
    await holder.connect();
    await holder.query('begin');
    await holder.query(`lock table "${db.schema}".tickets in access exclusive mode`);
    cleanup.push(async () => {
      await holder.query('rollback');
      await holder.end();
    });

    const started = Date.now();
    const slow = store.listTickets({ filter: {}, ordering: { field: 'created_at', direction: 'desc' }, page: { offset: 0, limit: 10 }, now: new Date() }).then(
      () => null,
      (error: unknown) => ({ error, ms: Date.now() - started }),
    );
    // Meanwhile the directory (another table) answers at once.
    expect(await store.directory.countUsers()).toBe(0);
    const directoryMs = Date.now() - started;
    const outcome = await slow;
    // It answered while the tickets read still waited (not after the budget released it).
    expect(directoryMs).toBeLessThan(outcome!.ms);
    expect(outcome?.error).toBeInstanceOf(QueryTimeoutError);
    expect((outcome!.error as QueryTimeoutError).budgetMs).toBe(300);
    expect(outcome!.ms).toBeGreaterThanOrEqual(250);
    expect(outcome!.ms).toBeLessThan(2000);
  });
});
