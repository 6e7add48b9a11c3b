import { describe, expect, it } from 'vitest';
import { newTicket } from '@tessera/core/testing';
import { openSqliteStore, type SqliteStore } from '@tessera/store-sqlite';
import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { ConnectionLock } from '../src/lock.js';
import { tableNames } from '../src/names.js';
import { SqlContext } from '../src/queries/context.js';
import { sqliteSqlAccess } from '../src/webhooks.js';
import { useTempDir } from './helpers.js';

const path = useTempDir('reader');

const create = (store: SqliteStore, subject: string) =>
  store.transaction(async (tx) => tx.insertTicket(newTicket(await tx.allocateTicketSequence(), { subject })));

/** A write transaction that inserts a ticket and stays open until `release()` is called. */
function heldOpen(store: SqliteStore) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let inserted!: () => void;
  const written = new Promise<void>((resolve) => (inserted = resolve));
  let committed = false;
  const done = store
    .transaction(async (tx) => {
      await tx.insertTicket(newTicket(await tx.allocateTicketSequence(), { subject: 'uncommitted' }));
      inserted();
      await gate;
    })
    .then(() => (committed = true));
  return { written, release, done, committed: () => committed };
}

describe('SQLite reads outside transactions (store on a file it opened)', () => {
  it('do not wait for a write transaction in progress and see only what is committed', async () => {
    const store = await openSqliteStore({ filename: path('reads.db'), queryTimeoutMs: 0 });
    try {
      const agent = await store.directory.addUser({ name: 'Ann', email: 'ann@example.com', role: 'staff' });
      const first = await create(store, 'committed');
      const open = heldOpen(store);
      await open.written;

      try {
        // Each of these would wait for the transaction if reads shared its connection.
        const page = await store.listTickets({ filter: {}, ordering: { field: 'created_at', direction: 'desc' }, page: { offset: 0, limit: 10 }, now: new Date() });
        expect(page.count).toBe(1);
        expect(page.rows.map((t) => t.subject)).toEqual(['committed']);
        expect((await store.getTicket(first.id))?.subject).toBe('committed');
        expect(await store.getTicket(first.id + 1)).toBeNull();
        expect((await store.directory.getUsers([agent.id])).map((u) => u.name)).toEqual(['Ann']);
        expect(await store.sla.listPolicies()).toEqual([]);
        expect(open.committed()).toBe(false);
      } finally {
        open.release();
        await open.done;
      }
      // Committed before the transaction resolved: the next read sees it.
      expect((await store.getTicket(first.id + 1))?.subject).toBe('uncommitted');
    } finally {
      await store.close();
    }
  }, 10_000); // a regression waits forever for the held transaction: fail soon

  it('are still refused from inside one of the store’s transactions', async () => {
    const store = await openSqliteStore({ filename: path('inside.db'), queryTimeoutMs: 0 });
    try {
      await expect(store.transaction(async () => store.getTicket(1))).rejects.toThrow(/inside one of its own transactions/);
      await expect(store.transaction(async () => store.directory.getUsers([1]))).rejects.toThrow(/inside one of its own transactions/);
    } finally {
      await store.close();
    }
  });
});

describe('SQLite reads that share the write connection', () => {
  it('run side by side across awaits, and a transaction begun meanwhile waits for them: none sees its uncommitted rows', async () => {
    const file = path('shared.db');
    const writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.exec('create table t (x integer)');
    const reader = new Database(file, { readonly: true });
    const context = (db: Database.Database) => new SqlContext(db, new Kysely({ dialect: new SqliteDialect({ database: db }) }), tableNames());
    const ctx = context(writer);
    const lock = new ConnectionLock();
    const access = sqliteSqlAccess({ ctx, reader: context(reader), lock, checkUsable: () => {}, owner: {} }, 'test');
    const count = CompiledQuery.raw('select count(*) as n from t');
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    try {
      // Two reads that each count twice with a turn of the event loop between, and a write, all at once.
      const readTwice = () =>
        access.read(async (runner) => {
          const before = await runner.rows<{ n: number }>(count);
          await turn();
          const after = await runner.rows<{ n: number }>(count);
          return { before: before[0]!.n, after: after[0]!.n, onWriter: runner === ctx };
        });
      const reads = [readTwice(), readTwice()];
      const write = access.transaction(async (runner) => runner.rows(CompiledQuery.raw('insert into t values (1)')));
      expect(await Promise.all(reads)).toEqual([
        { before: 0, after: 0, onWriter: true },
        { before: 0, after: 0, onWriter: true },
      ]);
      await write;
      // With a transaction waiting for the connection, a new read goes to the reader instead.
      lock.tryShare();
      const waiting = access.transaction(async (runner) => runner.rows(CompiledQuery.raw('insert into t values (2)')));
      expect(await readTwice()).toEqual({ before: 1, after: 1, onWriter: false });
      lock.unshare();
      await waiting;
      expect(await readTwice()).toEqual({ before: 2, after: 2, onWriter: true });
    } finally {
      reader.close();
      writer.close();
    }
  });
});
