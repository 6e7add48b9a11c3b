import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { newTicket } from '@tessera/core/testing';
import { createSqliteStore, type SqliteStore } from '@tessera/store-sqlite';
import { useTempDir } from './helpers.js';

const path = useTempDir('group-commit');

/** A store over a connection whose COMMIT statements are counted. */
async function countingStore(name: string): Promise<{ store: SqliteStore; commits: () => number }> {
  const db = new Database(path(name));
  let commits = 0;
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    const statement = prepare(source);
    if (source.trim().toUpperCase() !== 'COMMIT') return statement;
    const run = statement.run.bind(statement);
    statement.run = ((...args: unknown[]) => {
      commits += 1;
      return run(...(args as []));
    }) as typeof statement.run;
    return statement;
  }) as typeof db.prepare;
  const store = createSqliteStore({ database: db });
  await store.migrate();
  return { store, commits: () => commits };
}

const create = (store: SqliteStore, subject: string) =>
  store.transaction(async (tx) => tx.insertTicket(newTicket(await tx.allocateTicketSequence(), { subject })));

describe('SQLite group commit', () => {
  it('write transactions queued behind an open one share its COMMIT; one alone commits alone', async () => {
    const { store, commits } = await countingStore('batched.db');
    try {
      await create(store, 'alone');
      const before = commits();
      expect(before).toBeGreaterThanOrEqual(1);
      const tickets = await Promise.all(Array.from({ length: 20 }, (_, i) => create(store, `together ${i}`)));
      // The first starts alone; the 19 that queued behind it join it (a create awaits between statements).
      expect(commits() - before).toBeLessThanOrEqual(2);
      expect(tickets.map((t) => t.sequence)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
      // A second connection sees them all: they were committed, not just written.
      const other = new Database(path('batched.db'), { readonly: true });
      try {
        expect(other.prepare('SELECT count(*) AS n FROM tessera_tickets').get()).toEqual({ n: 21 });
      } finally {
        other.close();
      }
    } finally {
      await store.close();
      store.database.close();
    }
  });

  it('a transaction that fails alone commits nothing; one that fails first in a batch leaves the rest to commit', async () => {
    const { store, commits } = await countingStore('failing.db');
    try {
      await create(store, 'first');
      const before = commits();
      await expect(store.transaction(async () => Promise.reject(new Error('alone')))).rejects.toThrow('alone');
      expect(commits()).toBe(before);
      const outcomes = await Promise.allSettled([
        store.transaction(async (tx) => {
          await tx.allocateTicketSequence();
          throw new Error('leader');
        }),
        create(store, 'after the leader'),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled']);
      expect(commits()).toBe(before + 1);
      expect((await create(store, 'next')).sequence).toBe(3);
    } finally {
      await store.close();
      store.database.close();
    }
  });

  it("a transaction that joins another runs in its own caller's async context", async () => {
    const { store } = await countingStore('context.db');
    const request = new AsyncLocalStorage<string>();
    try {
      const seen = await Promise.all(
        ['a', 'b', 'c'].map((id) =>
          request.run(id, () =>
            store.transaction(async (tx) => {
              await tx.allocateTicketSequence();
              return request.getStore();
            }),
          ),
        ),
      );
      expect(seen).toEqual(['a', 'b', 'c']);
    } finally {
      await store.close();
      store.database.close();
    }
  });

  it('writers that reach `transaction` over several event-loop turns (requests in flight) still share commits', async () => {
    const { store, commits } = await countingStore('in-flight.db');
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    try {
      await create(store, 'first');
      const before = commits();
      // Each "request" does a few turns of other work (body, lookups) first, staggered over 0–3 turns.
      const requests = Array.from({ length: 24 }, async (_, i) => {
        for (let k = 0; k < 1 + (i % 4); k++) await turn();
        return create(store, `request ${i}`);
      });
      const tickets = await Promise.all(requests);
      expect(new Set(tickets.map((t) => t.sequence)).size).toBe(24);
      // Committed at once, each batch would finish before the next turn's writers arrive (17 commits
      // here). The lone 'first' wait gathered nobody, so a few batches commit alone before a probe
      // waits again; from then on each batch waits and gathers whoever arrives meanwhile.
      expect(commits() - before).toBeLessThanOrEqual(8);

      // One caller awaiting each write: nothing to gather, every create is its own commit.
      const sequential = commits();
      for (let i = 0; i < 40; i++) await create(store, `sequential ${i}`);
      expect(commits() - sequential).toBe(40);
    } finally {
      await store.close();
      store.database.close();
    }
  });
});
