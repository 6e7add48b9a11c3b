import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryBlobStore, createTicketing, type Actor, type Ticketing } from '@tessera/core';
import { migrationsFor, openSqliteStore, tableNames, type SqliteStore } from '@tessera/store-sqlite';
import { SqlContext } from '../src/queries/context.js';
import { searchMatch } from '../src/queries/search-match.js';
import { vocabularyWordsContaining } from '../src/queries/search-words.js';
import { openTicketingStore, useTempDir } from './helpers.js';

// The word index answers terms of 3+ ASCII letters and digits from a vocabulary the store fills
// before each COMMIT; writers that bypass the store leave their tickets on a pending list, which
// searches read until the store's next write empties it.

let store: SqliteStore;
let ticketing: Ticketing;
let actor: Actor;
let customerId: number;
const n = tableNames();

beforeEach(async () => {
  ({ store, ticketing, actor, customerId } = await openTicketingStore());
});
afterEach(() => store.close());

const create = (subject: string, description = 'plain text', tags: string[] = []) =>
  ticketing.tickets.create(actor, { subject, description, customerId, tags });
const search = async (text: string) => {
  const page = await ticketing.tickets.list(actor, { search: text, ordering: 'ticket_number', pageSize: 200 });
  return { count: page.count, subjects: page.results.map((t) => t.subject) };
};
const ctx = () => new SqlContext(store.database, store.kysely, n);
const column = (sql: string) => store.database.prepare(sql).pluck().all();
const vocabulary = () => column(`SELECT word FROM ${n.search_words} ORDER BY word`);
const pending = () => column(`SELECT ticket_id FROM ${n.search_words_pending}`);

describe('the word index', () => {
  it('splits text into runs of ASCII letters and digits, lowercased, in the same transaction as the write', async () => {
    await create('Naïve Café-Login', 'TKT_7 x2Y under_score ünï Ⅻ', ['VIP']);
    // Words of digits alone (the ticket number's `000001`, `7`) stay out of the vocabulary.
    expect(vocabulary()).toEqual(['caf', 'login', 'n', 'na', 'score', 'tkt', 'under', 've', 'vip', 'x2y']);
    expect(pending()).toEqual([]);
    expect(searchMatch(ctx(), ['ogi']).index).toBe(n.ticket_words);
    expect(await search('ogi')).toEqual({ count: 1, subjects: ['Naïve Café-Login'] });
    // A term the vocabulary does not hold inside any word matches nothing; non-ASCII terms use trigrams.
    expect(await search('cafe')).toEqual({ count: 0, subjects: [] });
    expect(searchMatch(ctx(), ['café']).index).toBe(n.ticket_search);
    expect(await search('café')).toEqual({ count: 1, subjects: ['Naïve Café-Login'] });
  });

  it('follows updates and deletes; the index passes its integrity check', async () => {
    const a = await create('alpha subject', 'first', ['red']);
    const b = await create('beta subject', 'second');
    await ticketing.tickets.patch(actor, a.id, { subject: 'gamma subject', tags: 'blue' });
    await ticketing.tickets.delete(actor, b.id);
    expect(await search('alpha')).toEqual({ count: 0, subjects: [] });
    expect(await search('red')).toEqual({ count: 0, subjects: [] });
    expect(await search('amm lue')).toEqual({ count: 1, subjects: ['gamma subject'] });
    expect(await search('subject')).toEqual({ count: 1, subjects: ['gamma subject'] });
    // Words no ticket holds any more stay in the vocabulary and find nothing.
    expect(vocabulary()).toContain('alpha');
    expect(() => store.database.exec(`INSERT INTO ${n.ticket_words} (${n.ticket_words}, rank) VALUES ('integrity-check', 1)`)).not.toThrow();
  });

  it('a write from outside the store is found through the trigram index until the store indexes it with its next write', async () => {
    const t = await create('Wallaby report', 'seen');
    store.database.prepare(`UPDATE ${n.tickets} SET subject = ? WHERE id = ?`).run('Zebrafish sighting', t.id);
    expect(pending()).toEqual([t.id]);
    expect(vocabulary()).not.toContain('zebrafish');
    expect(searchMatch(ctx(), ['ebrafis']).index).toBe(n.ticket_search);
    expect(await search('ebrafis sighting')).toEqual({ count: 1, subjects: ['Zebrafish sighting'] });
    // The old words left the word index with the update: "allab" finds nothing either way.
    expect(await search('allab')).toEqual({ count: 0, subjects: [] });
    await create('another');
    expect(pending()).toEqual([]);
    expect(vocabulary()).toContain('zebrafish');
    expect(searchMatch(ctx(), ['ebrafis']).index).toBe(n.ticket_words);
    expect(await search('ebrafis')).toEqual({ count: 1, subjects: ['Zebrafish sighting'] });
    expect(searchMatch(ctx(), ['allab']).index).toBe(n.ticket_words);
    expect(await search('allab')).toEqual({ count: 0, subjects: [] });
    // A delete from outside: the word index still lists the ticket until the store's next write,
    // so searches count through trigrams meanwhile.
    store.database.prepare(`DELETE FROM ${n.tickets} WHERE id = ?`).run(t.id);
    expect(searchMatch(ctx(), ['ebrafis']).index).toBe(n.ticket_search);
    expect(await search('ebrafis')).toEqual({ count: 0, subjects: [] });
    await create('third');
    expect(pending()).toEqual([]);
    const words = store.database.prepare(`SELECT count(*) FROM ${n.ticket_words} WHERE ${n.ticket_words} MATCH ?`).pluck();
    expect(words.get('"zebrafish"')).toBe(0);
    expect(await search('ebrafis')).toEqual({ count: 0, subjects: [] });
  });

  it('a long pending list is indexed over several commits, oldest first; terms in too many words use trigrams', async () => {
    for (let i = 0; i < 1030; i++) await create(`ticket ${i}`);
    store.database.prepare(`UPDATE ${n.tickets} SET description = 'quokka qx' || id`).run();
    // Rows on the list for tickets that no longer exist are dropped.
    store.database.prepare(`INSERT INTO ${n.search_words_pending} (ticket_id, indexed) VALUES (99999, 1)`).run();
    expect(pending()).toHaveLength(1031);
    expect(searchMatch(ctx(), ['quokka']).index).toBe(n.ticket_search);
    expect((await search('quokka')).count).toBe(1030);
    const next = await create('one more');
    // The 1,024 oldest went in with that commit; the rest (the new ticket among them) wait for the next.
    expect((pending() as number[]).sort((a, b) => a - b)).toEqual([1025, 1026, 1027, 1028, 1029, 1030, next.id, 99999]);
    expect((await search('quokka')).count).toBe(1030);
    await create('and another');
    expect(pending()).toEqual([]);
    expect(searchMatch(ctx(), ['quokka']).index).toBe(n.ticket_words);
    expect((await search('quokka')).count).toBe(1030);
    // 111 words contain "qx1" (qx1, qx10 … qx19, qx100 … qx199): more than an OR is worth, so trigrams.
    expect(searchMatch(ctx(), ['qx1']).index).toBe(n.ticket_search);
    expect((await search('qx1')).count).toBe(1 + 10 + 100 + 31);
    expect(searchMatch(ctx(), ['qx29']).index).toBe(n.ticket_words);
    expect((await search('qx29 quokka')).count).toBe(11);
    expect((await search('qx299')).subjects).toEqual(['ticket 298']);
  });

  it('words the store knows are committed are indexed but not written to the vocabulary again', async () => {
    const { indexPendingWords } = await import('../src/queries/search-words.js');
    const t = await create('plain');
    store.database.prepare(`UPDATE ${n.tickets} SET subject = 'Alpha beta', description = 'beta 42' WHERE id = ?`).run(t.id);
    // "alpha" counts as known: only the others go to the vocabulary (words of digits alone never do).
    const written = store.database.transaction(() => indexPendingWords(ctx(), new Set(['alpha', 'tkt'])))();
    expect(written.sort()).toEqual(['beta']);
    expect(vocabulary()).toContain('beta');
    expect(vocabulary()).not.toContain('alpha');
    expect(pending()).toEqual([]);
    // The ticket itself is in the word index under every word.
    const words = store.database.prepare(`SELECT rowid FROM ${n.ticket_words} WHERE ${n.ticket_words} MATCH ?`).pluck();
    expect(words.all('"alpha" AND "beta" AND "tkt"')).toEqual([t.id]);
  });

  it('the migration indexes existing tickets and builds the vocabulary from the index', async () => {
    await create('Printer jam', 'paper stuck', ['hardware']);
    await create('Login fails', 'after reset');
    const migration = migrationsFor(n)['0011-word-index']!;
    const db = store.kysely as unknown as Kysely<unknown>;
    await migration.down!(db);
    expect(column(`SELECT name FROM sqlite_master WHERE name LIKE '%words%'`)).toEqual([]);
    await migration.up(db);
    expect(vocabulary()).toEqual(['after', 'fails', 'hardware', 'jam', 'login', 'paper', 'printer', 'reset', 'stuck', 'tkt']);
    expect(await search('rint ardwa')).toEqual({ count: 1, subjects: ['Printer jam'] });
    // Digits alone: the trigram index.
    expect(searchMatch(ctx(), ['000002']).index).toBe(n.ticket_search);
    expect(await search('000002')).toEqual({ count: 1, subjects: ['Login fails'] });
  });
});

describe('the words containing a term, remembered per vocabulary version', () => {
  const path = useTempDir('vocabulary-cache');

  it('a word another connection commits is found by the next search', async () => {
    const file = path('shared.db');
    const first = await openSqliteStore({ filename: file });
    const second = await openSqliteStore({ filename: file });
    try {
      const customer = await first.directory.addCustomer({ name: 'Acme', email: 'a@acme.test' });
      const staff: Actor = { id: (await first.directory.addUser({ name: 'Sam', email: 's@x.test', role: 'staff' })).id, role: 'staff' };
      const a = createTicketing({ store: first, blobs: createMemoryBlobStore() });
      const b = createTicketing({ store: second, blobs: createMemoryBlobStore() });
      const find = async (t: Ticketing, text: string) => (await t.tickets.list(staff, { search: text, ordering: 'ticket_number' })).results.map((x) => x.subject);
      await a.tickets.create(staff, { subject: 'passenger seat', description: 'd', customerId: customer.id });
      expect(await find(a, 'pass')).toEqual(['passenger seat']);
      expect(await find(a, 'pass')).toEqual(['passenger seat']);
      await b.tickets.create(staff, { subject: 'passport lost', description: 'd', customerId: customer.id });
      expect(await find(a, 'pass')).toEqual(['passenger seat', 'passport lost']);
      await a.tickets.create(staff, { subject: 'bypass', description: 'd', customerId: customer.id });
      expect(await find(b, 'pass')).toEqual(['passenger seat', 'passport lost', 'bypass']);
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('answers read inside a write transaction are not kept: a rolled-back word leaves no trace', () => {
    const c = ctx();
    const add = (word: string) => store.database.prepare(`INSERT INTO ${n.search_words} (word) VALUES (?)`).run(word);
    add('passenger');
    expect(vocabularyWordsContaining(c, 'pass', 10)).toEqual(['passenger']);
    store.database.exec('BEGIN IMMEDIATE');
    add('passwordless');
    expect(vocabularyWordsContaining(c, 'pass', 10)?.sort()).toEqual(['passenger', 'passwordless']);
    store.database.exec('ROLLBACK');
    // The same id again, with another word.
    add('passover');
    expect(vocabularyWordsContaining(c, 'pass', 10)?.sort()).toEqual(['passenger', 'passover']);
    expect(vocabularyWordsContaining(c, 'word', 10)).toEqual([]);
  });
});
