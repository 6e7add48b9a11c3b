import { describe, expect, it } from 'vitest';
import { parseSearchTerms } from '../domain/search.js';
import { FILTER_NOW, PAIR_SET, SEARCH_SET } from './datasets.js';
import { listAll, seedKeyed } from './fixtures.js';
import { seededStore, storePerTest, type StoreConformanceOptions } from './harness.js';

type Key = keyof typeof SEARCH_SET;

/** Search semantics: every term a case-insensitive literal substring of some field. */
export function searchTests(options: StoreConformanceOptions): void {
  describe('search', () => {
    const db = seededStore(options, (store) => seedKeyed(store, SEARCH_SET));
    const found = async (search: string): Promise<Key[]> => {
      const { store, seeded } = db();
      const { count, rows } = await listAll(store, { searchTerms: parseSearchTerms(search) }, FILTER_NOW);
      expect(count).toBe(rows.length);
      return rows.map(seeded.keyOf);
    };

    const cases: Array<[string, string, Key[]]> = [
      ['a word in the subject', 'printer', ['s7']],
      ['a word in the description', 'stuck', ['s7']],
      ['a tag', 'hardware', ['s7']],
      ['part of a tag', 'hardw', ['s7']],
      ['the ticket number', 'TKT-000007', ['s7']],
      ['part of the ticket number', '000005', ['s5']],
      ['terms upper-cased by the caller', 'PRINTER', ['s7']],
      ['lower-case terms against upper-case text', 'upper', ['s8']],
      ['mixed-case text', 'mixed case', ['s8']],
      ['a one-character term', 'j', ['s7', 's8']],
      ['a one-character digit', '7', ['s7']],
      ['a two-character term', 'ja', ['s7']],
      ['a prefix shared by two subjects', '100', ['s1', 's2']],
      ['% literally', '%', ['s1']],
      ['% inside a term', '100%', ['s1']],
      ['_ literally', '_', ['s3']],
      ['_ is not a single-character wildcard', 'a_b', ['s3']],
      ['a single quote', "'", ['s5']],
      ["a word with a single quote", "o'brien", ['s5']],
      ['a double quote', '"', ['s5']],
      ['a quoted word', '"hello"', ['s5']],
      ['a backslash', '\\', ['s9']],
      ['a path with backslashes', 'c:\\temp', ['s9']],
      ['two terms in subject and tags', 'login mobile', ['s6']],
      ['two terms in subject and description', 'printer,stuck', ['s7']],
      ['ticket number and description', 'tkt-000007 paper', ['s7']],
      ['every term must match', 'printer login', []],
      ['a term spanning subject and description does not match', 'jampaper', []],
      ['a term spanning ticket number and subject does not match', '000006login', []],
      ['a term spanning two tags does not match', 'authmobile', []],
      ['an unknown word', 'zzz', []],
      ['status is not a search field', 'new', []],
      ['category is not a search field', 'general', []],
      ['a two-character non-ASCII term', '日本', ['s10']],
      ['an emoji', '🎫', ['s10']],
      ['a non-ASCII word in the same case', 'émotion', ['s10']],
      ['a non-ASCII tag', 'ünïcode', ['s10']],
      ['part of a non-ASCII word', '本語', ['s10']],
      ['a word and part of other words, each ticket once', 'login', ['s6', 's11']],
      ['the middle of words', 'ogi', ['s6', 's11']],
      ['the middle of an upper-case word', 'gou', ['s11']],
      ['a word joined by punctuation does not match without it', 'relogin', []],
      ['a term containing the punctuation', 're:login', ['s11']],
      ['a term ending in punctuation', 'login-', ['s11']],
      ['a two-character term inside words', 'lo', ['s5', 's6', 's8', 's11']],
      ['a two-character term in upper-case words', 'ca', ['s5', 's6', 's8']],
      ['a two-character term with punctuation', 'e:', ['s11']],
      ['two-character digits of a ticket number', '11', ['s11']],
      ['two two-character terms', 'lo ou', ['s11']],
      ['a word and a two-character term', 'login ca', ['s6']],
      ['a two-character term nowhere', 'qz', []],
    ];

    for (const [name, search, expected] of cases) {
      it(`${name}: ${JSON.stringify(search)} → ${expected.join(',') || 'none'}`, async () => {
        expect(await found(search)).toEqual(expected);
      });
    }

    it('an empty term list matches everything', async () => {
      const { store } = db();
      const result = await listAll(store, { searchTerms: [] }, FILTER_NOW);
      expect(result.count).toBe(Object.keys(SEARCH_SET).length);
    });

    it('counts every match, not just the page', async () => {
      const { store, seeded } = db();
      const page = await store.listTickets({
        filter: { searchTerms: ['100'] },
        ordering: { field: 'ticket_number', direction: 'desc' },
        page: { offset: 0, limit: 1 },
        now: FILTER_NOW,
      });
      expect(page.count).toBe(2);
      expect(page.rows.map(seeded.keyOf)).toEqual(['s2']);
    });
  });

  describe('search: two-character terms wherever they sit in a word', () => {
    const db = seededStore(options, (store) => seedKeyed(store, PAIR_SET));
    const found = async (search: string): Promise<(keyof typeof PAIR_SET)[]> => {
      const { store, seeded } = db();
      const { count, rows } = await listAll(store, { searchTerms: parseSearchTerms(search) }, FILTER_NOW);
      expect(count).toBe(rows.length);
      return rows.map(seeded.keyOf);
    };
    const cases: Array<[string, (keyof typeof PAIR_SET)[]]> = [
      ['qa', ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w10']],
      ['QA', ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w10']],
      ['zq', ['w6']],
      ['a9', ['w10']],
      ['qa ñq', ['w2']],
      ['qa wh', ['w1']],
      ['zq qa', ['w6']],
      ['qb', []],
    ];
    for (const [search, expected] of cases) {
      it(`${JSON.stringify(search)} → ${expected.join(',') || 'none'}`, async () => {
        expect(await found(search)).toEqual(expected);
      });
    }
  });

  describe('search after writes', () => {
    const store = storePerTest(options);

    it('search sees updated text and tags', async () => {
      const { rows, keyOf } = await seedKeyed(store(), SEARCH_SET);
      await store().transaction((tx) => tx.updateTicket(rows.s2.id, { subject: 'renamed zebra', tags: ['striped'] }));
      const bySubject = await listAll(store(), { searchTerms: ['zebra'] }, FILTER_NOW);
      expect(bySubject.rows.map(keyOf)).toEqual(['s2']);
      const byTag = await listAll(store(), { searchTerms: ['striped'] }, FILTER_NOW);
      expect(byTag.rows.map(keyOf)).toEqual(['s2']);
      const old = await listAll(store(), { searchTerms: ['percent'] }, FILTER_NOW);
      expect(old.rows.map(keyOf)).toEqual([]);
      // Short terms and parts of words see the new text too.
      const part = await listAll(store(), { searchTerms: ['ebr', 'ze'] }, FILTER_NOW);
      expect(part).toMatchObject({ count: 1 });
      expect(part.rows.map(keyOf)).toEqual(['s2']);
      expect((await listAll(store(), { searchTerms: ['rc'] }, FILTER_NOW)).rows.map(keyOf)).toEqual([]);
    });

    it('two-character terms see words that writes add and remove', async () => {
      const { rows, keyOf } = await seedKeyed(store(), PAIR_SET);
      await store().transaction((tx) => tx.updateTicket(rows.w9.id, { subject: 'ézqé', tags: [] }));
      await store().transaction((tx) => tx.updateTicket(rows.w6.id, { subject: 'gone' }));
      const zq = await listAll(store(), { searchTerms: ['zq'] }, FILTER_NOW);
      expect(zq).toMatchObject({ count: 1 });
      expect(zq.rows.map(keyOf)).toEqual(['w9']);
    });

    it('search combines with other filters', async () => {
      const { rows, keyOf } = await seedKeyed(store(), SEARCH_SET);
      await store().transaction((tx) => tx.updateTicket(rows.s1.id, { status: 'open' }));
      const result = await listAll(store(), { searchTerms: ['100'], status: 'open' }, FILTER_NOW);
      expect(result.rows.map(keyOf)).toEqual(['s1']);
    });

    it('search does not match deleted tickets', async () => {
      const { rows, keyOf } = await seedKeyed(store(), SEARCH_SET);
      await store().transaction((tx) => tx.deleteTicket(rows.s7.id));
      expect((await listAll(store(), { searchTerms: ['printer'] }, FILTER_NOW)).rows.map(keyOf)).toEqual([]);
    });
  });
}
