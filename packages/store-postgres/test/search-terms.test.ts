import { describe, expect, it } from 'vitest';
import { newTicket } from '@tessera/core/testing';
import { MIN_TERM_WORDS, planSearchTerms } from '../src/queries/search-terms.js';
import { pgAvailable, recordingPool, useTestSchema } from './pg-test-schema.js';
import { createPostgresStore } from '../src/index.js';
import { Kysely, PostgresDialect } from 'kysely';

// Three long words holding `zorb`: together longer than the word limit in characters, not in words.
const LONG = `zorb${'x'.repeat(30)}`;

describe.skipIf(!pgAvailable)('postgres store: how a search reads the vocabulary', () => {
  const db = useTestSchema('search_terms');

  it('looks a term up through at most 64 vocabulary words, and matches it on the document past that', async () => {
    const seeded = await db.fresh();
    // 70 words holding `plex`; 3 holding `zorb`; a word beyond plain ASCII holding `nq`, and 70 holding `qx`.
    const subjects = [
      ...Array.from({ length: MIN_TERM_WORDS + 6 }, (_, i) => `plex${i}`),
      `${LONG}1 ñnqñ`, `${LONG}2`, `${LONG}3`,
      ...Array.from({ length: MIN_TERM_WORDS + 6 }, (_, i) => `é${i}qx`),
    ];
    await seeded.transaction(async (tx) => {
      for (const [i, subject] of subjects.entries()) await tx.insertTicket(newTicket(i + 1, { subject }));
    });
    const kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: recordingPool([]) }) });
    try {
      const ways = await planSearchTerms(kysely, db.schema, ['plex']);
      expect(ways).toEqual([{ term: 'plex', by: 'document' }]);
      const [zorb] = await planSearchTerms(kysely, db.schema, ['zorb']);
      expect(zorb).toMatchObject({ by: 'words' });
      expect(zorb?.by === 'words' && [...zorb.words].sort()).toEqual([`${LONG}1`, `${LONG}2`, `${LONG}3`]);
      // Two-character terms (no longer word in the search): their words beyond ASCII letters and digits.
      const [nq, qx] = await planSearchTerms(kysely, db.schema, ['nq', 'qx']);
      expect(nq).toEqual({ term: 'nq', by: 'pair', others: ['ñnqñ'] });
      expect(qx).toEqual({ term: 'qx', by: 'document' });
      // A longer word in the search: its pairs stay filters on the document.
      expect((await planSearchTerms(kysely, db.schema, ['zorb', 'nq']))[1]).toEqual({ term: 'nq', by: 'document' });
    } finally {
      await kysely.destroy();
    }
    // Whichever way, the lists count exactly; the store's own connections (which parse no arrays)
    // count through the words found (an `&&` array), and a term past the limit on the document.
    const log: string[] = [];
    const store = createPostgresStore({ pool: recordingPool(log) }, { schema: db.schema });
    const list = async (searchTerms: string[]) => {
      log.length = 0;
      return store.listTickets({ filter: { searchTerms }, ordering: { field: 'ticket_number', direction: 'asc' }, page: { offset: 0, limit: 5 }, now: new Date() });
    };
    const mainQuery = () => log.find((q) => /order by/iu.test(q))!;
    expect((await list(['zorb'])).count).toBe(3);
    expect(mainQuery()).toMatch(/&& \$\d+::text\[\]/u); // the count (the page walks the trigram index)
    expect((await list(['plex'])).count).toBe(MIN_TERM_WORDS + 6);
    expect(mainQuery()).not.toMatch(/&& \$/u);
    expect((await list(['plex1'])).count).toBe(11); // plex1, plex10…plex19
    expect((await list(['nq'])).count).toBe(1);
    expect((await list(['qx'])).count).toBe(MIN_TERM_WORDS + 6);
    expect((await list(['qx', 'é1'])).count).toBe(11);
    await store.close();
  });

  it('reads the vocabulary and the tickets in one snapshot, outside a transaction and inside one', async () => {
    const log: string[] = [];
    const store = createPostgresStore({ pool: recordingPool(log) }, { schema: db.schema });
    try {
      await db.fresh();
      await store.transaction(async (tx) => {
        await tx.insertTicket(newTicket(1, { subject: 'zorb alpha' }));
      });
      log.length = 0;
      const page = await store.listTickets({ filter: { searchTerms: ['zorb'] }, ordering: { field: 'created_at', direction: 'desc' }, page: { offset: 0, limit: 5 }, now: new Date() });
      expect(page.count).toBe(1);
      const begin = log.findIndex((q) => /^start transaction isolation level repeatable read read only|^begin/iu.test(q));
      expect(begin).toBeGreaterThanOrEqual(0);
      expect(log.findIndex((q) => q.includes('search_vocabulary'))).toBeGreaterThan(begin);
      expect(log.some((q) => /^commit/iu.test(q))).toBe(true);
      // Inside a write transaction: its own connection and snapshot, no second BEGIN.
      log.length = 0;
      await store.transaction(async (tx) => {
        await tx.insertTicket(newTicket(2, { subject: 'zorb beta' }));
        const inside = await tx.listTickets({ filter: { searchTerms: ['zorb'] }, ordering: { field: 'created_at', direction: 'desc' }, page: { offset: 0, limit: 5 }, now: new Date() });
        expect(inside.count).toBe(2);
      });
      expect(log.filter((q) => /^(start transaction|begin)/iu.test(q))).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
