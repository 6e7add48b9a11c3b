import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { matchesSearch, parseSearchTerms, type Actor, type TicketView, type Ticketing } from '@tessera/core';
import type { SqliteStore } from '@tessera/store-sqlite';
import { openTicketingStore } from './helpers.js';

let store: SqliteStore;
let ticketing: Ticketing;
let actor: Actor;
let customerId: number;

beforeEach(async () => {
  ({ store, ticketing, actor, customerId } = await openTicketingStore());
});
afterEach(() => store.close());

const create = (subject: string, description = 'plain text', tags: string[] = []) =>
  ticketing.tickets.create(actor, { subject, description, customerId, tags });
const search = async (text: string) =>
  (await ticketing.tickets.list(actor, { search: text, ordering: 'ticket_number' })).results.map((t) => t.subject);

describe('search through the FTS5 trigram index', () => {
  it('treats FTS5 query syntax in terms as literal text', async () => {
    await create('a AND b', 'uses NEAR(x y) and col:value and "quoted" words and a*star');
    await create('other', 'nothing special');
    for (const term of ['NEAR(x', 'col:value', '"quoted"', 'a*star', 'and b', '(x']) {
      expect(await search(term), term).toEqual(['a AND b']);
    }
    expect(await search('NEAR(z')).toEqual([]);
    expect(await search('"')).toEqual(['a AND b']); // one character: a token range of the index
  });

  it('matches %, _ and backslash literally, long and short', async () => {
    await create('50% off', 'path C:\\temp\\x and snake_case_name');
    await create('500 items', 'pathCtemp and snakeXcaseXname');
    expect(await search('50%')).toEqual(['50% off']);
    expect(await search('%')).toEqual(['50% off']);
    expect(await search('_')).toEqual(['50% off']);
    expect(await search('e_c')).toEqual(['50% off']);
    expect(await search('\\temp')).toEqual(['50% off']);
    expect(await search('\\')).toEqual(['50% off']);
  });

  it('is case-insensitive for ASCII in every searched field and keeps terms within one field', async () => {
    await create('Printer JAM', 'Paper stuck', ['Hardware']);
    await create('jam session', 'music');
    expect(await search('jam')).toEqual(['Printer JAM', 'jam session']);
    expect(await search('PAPER hardware')).toEqual(['Printer JAM']);
    expect(await search('tkt-000002')).toEqual(['jam session']);
    // "jam" ends the subject and "paper" starts the description: no match across the boundary.
    expect(await search('jampaper')).toEqual([]);
    expect(await search('m, pa')).toEqual(['Printer JAM']); // comma-separated terms, short ones
  });

  it('every term must match (AND), mixing trigram and short terms', async () => {
    await create('login fails', 'on iOS');
    await create('login works', 'on Android');
    expect(await search('login io')).toEqual(['login fails']);
    expect(await search('login xyz')).toEqual([]);
    expect(await search('io an')).toEqual([]);
  });

  it('follows updates and deletes inside the same transactions', async () => {
    const a = await create('alpha subject', 'first', ['red']);
    const b = await create('beta subject', 'second');
    await ticketing.tickets.patch(actor, a.id, { subject: 'gamma subject', tags: 'blue' });
    expect(await search('alpha')).toEqual([]);
    expect(await search('gamma')).toEqual(['gamma subject']);
    expect(await search('red')).toEqual([]);
    expect(await search('blue')).toEqual(['gamma subject']);
    await ticketing.tickets.delete(actor, b.id);
    expect(await search('beta')).toEqual([]);
    expect(await search('subject')).toEqual(['gamma subject']);
    // The index agrees with its content table (FTS5 integrity check).
    expect(() => store.database.exec(`INSERT INTO tessera_ticket_search (tessera_ticket_search, rank) VALUES ('integrity-check', 1)`)).not.toThrow();
  });

  it('a rolled-back write leaves the search index as it was', async () => {
    const t = await create('stable subject');
    await expect(
      store.transaction(async (tx) => {
        await tx.updateTicket(t.id, { subject: 'transient words' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await search('transient')).toEqual([]);
    expect(await search('stable')).toEqual(['stable subject']);
  });

  it('non-ASCII text of 3+ characters matches case-insensitively', async () => {
    await create('Überweisung fehlgeschlagen', 'Größe');
    expect(await search('überweisung')).toEqual(['Überweisung fehlgeschlagen']);
    expect(await search('größe')).toEqual(['Überweisung fehlgeschlagen']);
    expect(parseSearchTerms('ÜBER')).toEqual(['über']);
    expect(await search('ÜBER')).toEqual(['Überweisung fehlgeschlagen']);
  });
});

describe('terms of every length agree with the reference match rule', () => {
  // Text where short terms sit at the edges of columns, inside words, in tags only, next to
  // punctuation, in columns shorter than a trigram, and in non-ASCII text.
  const tickets: Array<[string, string, string[]]> = [
    ['Login fails', 'Cannot sign in after reset.', ['auth', 'ui']],
    ['qa', 'x', ['qa']],
    ['Ab', 'b', []],
    ['Printer jam!', 'Paper (stuck) in tray #2; see log', ['hardware', 'p1']],
    ['Größe Über', 'ÉCOLE émotion 日本語 🎫', ['ünï']],
    ['100% done', 'a_b \\ path C:\\temp "quoted"', ['x']],
    ['zz top', 'q', ['zq-tag']],
    ['end with xy', 'starts yx and ends zy', []],
    // "e" followed by 52 different characters: more tokens than an OR is worth, so "e" is
    // tested row by row (LIKE) — with the same answers.
    ['Many pairs', [...'abcdefghijklmnopqrstuvwxyz0123456789!#$&*+-./:;<=>?@[]^'].map((c) => `e${c}`).join(' '), ['E2E']],
  ];
  const reference = (all: TicketView[], terms: string[]) =>
    all.filter((t) => matchesSearch([t.ticketNumber, t.subject, t.description, t.tags.join(', ')], terms)).map((t) => t.subject).sort();

  it('for every substring of 1–5 characters of the text, absent ones and some combinations', async () => {
    for (const [subject, description, tags] of tickets) await create(subject, description, tags);
    const all = (await ticketing.tickets.list(actor, { pageSize: 200 })).results;
    expect(all).toHaveLength(tickets.length);
    const terms = new Set<string>(['zq', 'q', 'qq', 'ui', 'tk', 'k-', '-0', '08', '8', '%', '_', '\\', '"', 'é', 'É', '日', '本語', '🎫', 'ß', 'ü', 'ş', 'xyz']);
    for (const t of all) {
      for (const text of [t.ticketNumber, t.subject, t.description, t.tags.join(', ')]) {
        const chars = [...text.toLowerCase()];
        for (let i = 0; i < chars.length; i++) {
          // 1–2 characters: the trigram index's short-term path; 3–5: mostly the word index's.
          for (let length = 1; length <= 5 && i + length <= chars.length; length++) terms.add(chars.slice(i, i + length).join(''));
        }
      }
    }
    let checked = 0;
    for (const raw of [...terms, 'ui qa', 'q zz', 'log ui', 'a b', 'tkt-000002 qa', 'ab b', 'p1 #2', 'login reset', 'LOGIN tkt', 'ogi eset', 'pap tray 000', 'zzz log']) {
      const parsed = parseSearchTerms(raw);
      if (parsed.length === 0) continue;
      const page = await ticketing.tickets.list(actor, { search: raw, pageSize: 200 });
      expect(page.results.map((t) => t.subject).sort(), JSON.stringify(raw)).toEqual(reference(all, parsed));
      expect(page.count).toBe(page.results.length);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(150);
    const { SqlContext } = await import('../src/queries/context.js');
    const { tableNames } = await import('../src/names.js');
    const { searchMatch } = await import('../src/queries/search-match.js');
    const ctx = new SqlContext(store.database, store.kysely, tableNames());
    expect(searchMatch(ctx, ['e', 'ui', 'zq', 'login'])).toEqual({ index: 'tessera_ticket_search', fts: '"ui," AND "zq-" AND "login"', scanned: ['e'] });
    // Terms of 3+ ASCII letters and digits: the words holding each one, from the vocabulary.
    expect(searchMatch(ctx, ['LOG', 'tkt'])).toEqual({ index: 'tessera_ticket_words', fts: '("login" OR "log") AND "tkt"', scanned: [] });
  });

  it('a short term that no text holds matches nothing, alone or with others', async () => {
    await create('alpha', 'beta', ['gamma']);
    expect(await search('zq')).toEqual([]);
    expect(await search('alpha zq')).toEqual([]);
    expect(await search('a')).toEqual(['alpha']);
  });
});

describe('search plans', () => {
  it('driving from the match list and probing the ordering index return the same pages', async () => {
    const { SqlContext } = await import('../src/queries/context.js');
    const { tableNames } = await import('../src/names.js');
    const { compileTicketList } = await import('../src/queries/list-tickets.js');
    const { TICKET_ORDER_FIELDS } = await import('@tessera/core');
    const words = ['alpha', 'beta', 'gamma', 'delta'];
    for (let i = 0; i < 60; i++) {
      const t = await create(`${words[i % 4]} issue ${i}`, `${words[(i * 7) % 4]} text`, i % 3 === 0 ? ['vip'] : []);
      if (i % 5 === 0) await ticketing.tickets.patch(actor, t.id, { priority: 'high', dueDate: `2025-0${1 + (i % 9)}-01` });
    }
    const ctx = new SqlContext(store.database, store.kysely, tableNames());
    const run = (c: { sql: string; parameters: readonly unknown[] }) => store.database.prepare(c.sql).all(...c.parameters);
    let compared = 0;
    for (const searchTerms of [['alpha'], ['issue'], ['gamma', 'vip'], ['issue', '1']]) {
      for (const field of TICKET_ORDER_FIELDS) {
        for (const direction of ['asc', 'desc'] as const) {
          for (const filter of [{ searchTerms }, { searchTerms, priority: 'high' as const }]) {
            const query = { filter, ordering: { field, direction }, page: { offset: 3, limit: 7 }, now: new Date() };
            const drive = compileTicketList(ctx, query, 'drive');
            const expected = run(drive.rows);
            // A window of the ordering gives the drive's page when it holds a full page or every
            // ticket; a smaller one gives some of those rows (listTickets then widens it).
            for (const window of [1, 4, 16, 60]) {
              const probe = compileTicketList(ctx, query, 'probe', undefined, window);
              expect(probe.rows.sql).not.toBe(drive.rows.sql);
              const rows = run(probe.rows);
              if (rows.length === 7 || window >= 60) expect(rows, JSON.stringify({ query, window })).toEqual(expected);
              else expect(expected, JSON.stringify({ query, window })).toEqual(expect.arrayContaining(rows));
              expect(run(probe.count)).toEqual(run(drive.count));
            }
            compared += 1;
          }
        }
      }
    }
    expect(compared).toBe(4 * TICKET_ORDER_FIELDS.length * 2 * 2);
  });

  it('a term absent from the newest tickets: widening the probe gives way to driving, with the same page', async () => {
    const { SqlContext } = await import('../src/queries/context.js');
    const { tableNames } = await import('../src/names.js');
    const { compileTicketList, listTickets } = await import('../src/queries/list-tickets.js');
    // The matches are the 200 oldest of 600: the probe's first window (the newest 194) holds none.
    for (let i = 0; i < 600; i++) await create(i < 200 ? `needle ${i}` : `hay ${i}`);
    const prepared: string[] = [];
    const prepare = store.database.prepare.bind(store.database);
    const db = Object.create(store.database, { prepare: { value: (text: string) => (prepared.push(text), prepare(text)) } });
    const ctx = new SqlContext(db, store.kysely, tableNames());
    const query = { filter: { searchTerms: ['needle'] }, ordering: { field: 'created_at' as const, direction: 'desc' as const }, page: { offset: 0, limit: 25 }, now: new Date() };
    const page = listTickets(ctx, query);
    expect(page.count).toBe(200);
    expect(page.rows.map((t) => t.subject)).toEqual(Array.from({ length: 25 }, (_, k) => `needle ${199 - k}`));
    const drive = compileTicketList(ctx, query, 'drive').rows.sql;
    // One window was probed, then the match list drove the page (its ids sorted, then their rows).
    expect(prepared.filter((text) => /ORDER BY rowid (ASC|DESC)$|AS MATERIALIZED/u.test(text)).length).toBeGreaterThan(0);
    expect(prepared).toContain(drive);
    expect(drive).toMatch(/^SELECT t\.\* FROM \S+ AS t WHERE t\.id IN \(/u);
  });

  it('listTickets pages agree with the driven plan, whether the probe steps through the match list or reads a range', async () => {
    const { SqlContext } = await import('../src/queries/context.js');
    const { tableNames } = await import('../src/names.js');
    const { compileTicketList, listTickets } = await import('../src/queries/list-tickets.js');
    const priorities = ['low', 'medium', 'high', 'urgent'] as const;
    for (let i = 0; i < 400; i++) {
      const t = await create(`${i % 3 ? 'common' : 'rare'} issue ${i}`, i % 7 ? 'text' : 'common text');
      await ticketing.tickets.patch(actor, t.id, { priority: priorities[(i * 5) % 4]! });
    }
    const prepared: string[] = [];
    const prepare = store.database.prepare.bind(store.database);
    const db = Object.create(store.database, { prepare: { value: (text: string) => (prepared.push(text), prepare(text)) } });
    const ctx = new SqlContext(db, store.kysely, tableNames());
    const run = (c: { sql: string; parameters: readonly unknown[] }) => store.database.prepare(c.sql).all(...c.parameters) as Array<{ id: number }>;
    let compared = 0;
    for (const searchTerms of [['common'], ['issue'], ['rare', 'issue'], ['comm'], ['issue', '1']]) {
      for (const ordering of [
        { field: 'created_at', direction: 'desc' },
        { field: 'created_at', direction: 'asc' },
        { field: 'priority', direction: 'desc' },
        { field: 'updated_at', direction: 'asc' },
      ] as const) {
        for (const offset of [0, 25, 200, 390]) {
          const query = { filter: { searchTerms }, ordering, page: { offset, limit: 25 }, now: new Date() };
          const expected = run(compileTicketList(ctx, query, 'drive').rows).map((r) => r.id);
          const count = (run(compileTicketList(ctx, query, 'drive').count)[0] as unknown as { count: number }).count;
          const page = listTickets(ctx, query);
          expect(page.rows.map((t) => t.id), JSON.stringify(query)).toEqual(expected);
          expect(page.count).toBe(count);
          compared += 1;
        }
      }
    }
    expect(compared).toBe(5 * 4 * 4);
    // Both ways of reading the match list ran: stepping from either end, and the range in SQL.
    expect(prepared.some((text) => /ORDER BY rowid DESC$/.test(text))).toBe(true);
    expect(prepared.some((text) => /ORDER BY rowid ASC$/.test(text))).toBe(true);
    expect(prepared.some((text) => /AS MATERIALIZED/.test(text))).toBe(true);
  });
});
