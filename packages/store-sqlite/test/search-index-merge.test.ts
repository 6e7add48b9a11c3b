import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryBlobStore, createTicketing, type Actor } from '@tessera/core';
import { openSqliteStore, tableNames, type SqliteStore } from '@tessera/store-sqlite';
import { listTicketsIfCheap } from '../src/queries/list-tickets.js';
import { MERGE_READ_QUIET_MS, mergeSearchIndexesStep } from '../src/search-index-merge.js';
import { contextOf, useTempDir } from './helpers.js';

// Each write transaction adds a segment to each FTS5 search index; idle merging folds them.

const n = tableNames();
const file = useTempDir('merge');
let files = 0;
const open: SqliteStore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function storeWithTickets(count: number, options: { searchIndexMergeIdleMs?: number } = {}) {
  const store = await openSqliteStore({ filename: file(`m${++files}.db`), ...options });
  open.push(store);
  const ticketing = createTicketing({ store, blobs: createMemoryBlobStore() });
  const customerId = (await store.directory.addCustomer({ name: 'Acme', email: 'a@acme.test' })).id;
  const actor: Actor = { id: (await store.directory.addUser({ name: 'Sam', email: 's@x.test', role: 'staff' })).id, role: 'staff' };
  // One at a time: each create is its own transaction, so each adds a segment.
  for (let i = 0; i < count; i += 1) {
    await ticketing.tickets.create(actor, { subject: `password reset ${i}`, description: i % 2 ? 'login fails' : 'printer jam', customerId });
  }
  const segments = (index: string) =>
    (store.database.prepare(`SELECT count(DISTINCT segid) FROM ${index}_idx`).pluck().get() as number);
  const search = async (text: string) => {
    const page = await ticketing.tickets.list(actor, { search: text, ordering: 'ticket_number', pageSize: 100 });
    return { count: page.count, numbers: page.results.map((t) => t.ticketNumber) };
  };
  return { store, segments, search };
}

describe('search index merging', () => {
  it('merges segments step by step to at most one per level, and searches answer the same', async () => {
    const { store, segments, search } = await storeWithTickets(40, { searchIndexMergeIdleMs: 0 });
    const before = { words: segments(n.ticket_words), trigrams: segments(n.ticket_search) };
    expect(before.words).toBeGreaterThan(3);
    const answers = [await search('password reset'), await search('fails'), await search('jam-'), await search('t 1')];
    const ctx = contextOf(store);
    let steps = 0;
    while (mergeSearchIndexesStep(ctx) === 'merged') steps += 1;
    expect(steps).toBeGreaterThan(0);
    expect(segments(n.ticket_words)).toBeLessThanOrEqual(3);
    expect(segments(n.ticket_words)).toBeLessThan(before.words);
    expect(segments(n.ticket_search)).toBeLessThan(before.trigrams);
    expect(mergeSearchIndexesStep(ctx)).toBe('nothing to merge');
    expect([await search('password reset'), await search('fails'), await search('jam-'), await search('t 1')]).toEqual(answers);
    expect(answers[0]!.count).toBe(40);
    expect(answers[1]!.count).toBe(20);
  });

  it('never waits for another connection holding the write lock', async () => {
    const { store } = await storeWithTickets(3, { searchIndexMergeIdleMs: 0 });
    const other = new Database(store.database.name);
    try {
      other.exec('BEGIN IMMEDIATE');
      const started = performance.now();
      expect(mergeSearchIndexesStep(contextOf(store))).toBe('busy');
      // The store's busy timeout is 5 s; the step gave up at once and left the timeout as it was.
      expect(performance.now() - started).toBeLessThan(1000);
      expect(store.database.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(store.database.inTransaction).toBe(false);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('waits while reads go on, however long, and merges once they pause', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const { store, segments, search } = await storeWithTickets(40, { searchIndexMergeIdleMs: 20 });
      const before = segments(n.ticket_words);
      const answer = await search('password reset');
      // Quiet for writes for 2 s, never for reads: a read every MERGE_READ_QUIET_MS / 2.
      for (let t = 0; t < 2000; t += MERGE_READ_QUIET_MS / 2) {
        await store.getTicket(1);
        vi.advanceTimersByTime(MERGE_READ_QUIET_MS / 2);
      }
      expect(segments(n.ticket_words)).toBe(before);
      vi.advanceTimersByTime(MERGE_READ_QUIET_MS);
      expect(segments(n.ticket_words)).toBeLessThanOrEqual(3);
      expect(segments(n.ticket_words)).toBeLessThan(before);
      expect(await search('password reset')).toEqual(answer);
    } finally {
      vi.useRealTimers();
    }
  });

  it('runs by itself once the store has been idle', async () => {
    const { segments, search } = await storeWithTickets(40, { searchIndexMergeIdleMs: 20 });
    const answer = await search('password reset');
    await vi.waitFor(() => expect(segments(n.ticket_words)).toBeLessThanOrEqual(3), { timeout: 5000, interval: 20 });
    expect(await search('password reset')).toEqual(answer);
  });
});

describe('searches cheap whatever their terms', () => {
  it('answer on the calling connection only for a search alone, on an early page, through the word index, within the entry bound', async () => {
    const { store } = await storeWithTickets(10, { searchIndexMergeIdleMs: 0 });
    const ctx = contextOf(store);
    const query = (searchTerms: string[], extra: object = {}, offset = 0) => ({
      filter: { searchTerms, ...extra },
      ordering: { field: 'created_at' as const, direction: 'desc' as const },
      page: { offset, limit: 25 },
      now: new Date(),
    });
    const page = listTicketsIfCheap(ctx, query(['password', 'fails']));
    expect(page?.count).toBe(5);
    // Two words × 10 tickets = 20 entries: over a bound of 19, not cheap.
    expect(listTicketsIfCheap(ctx, query(['password', 'fails']), 19)).toBeNull();
    expect(listTicketsIfCheap(ctx, query(['password', 'fails']), 20)?.count).toBe(5);
    expect(listTicketsIfCheap(ctx, query(['password'], { status: 'new' }))).toBeNull(); // another filter
    expect(listTicketsIfCheap(ctx, query(['jam-']))).toBeNull(); // punctuation: the trigram index
    expect(listTicketsIfCheap(ctx, query(['pa']))).toBeNull(); // short term
    expect(listTicketsIfCheap(ctx, query(['password'], {}, 500))).toBeNull(); // a deep page
    // A ticket written around the store waits to be indexed: the trigram index answers meanwhile.
    store.database.prepare(`UPDATE ${n.tickets} SET subject = 'password again' WHERE id = 1`).run();
    expect(listTicketsIfCheap(ctx, query(['password']))).toBeNull();
  });
});
