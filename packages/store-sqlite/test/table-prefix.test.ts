import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createMemoryBlobStore, createTicketing, matchesSearch, StoreError } from '@tessera/core';
import { createSqliteStore, MIGRATIONS, openSqliteStore } from '@tessera/store-sqlite';
import { useTempDir } from './helpers.js';

const path = useTempDir('table-prefix');
// Made by the release before table prefixes (see fixtures/make-release-db.ts): unprefixed tables.
const RELEASE_DB = fileURLToPath(new URL('./fixtures/release-0.x.db', import.meta.url));

const tablesOf = (db: Database.Database) =>
  db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];

describe('SQLite table prefix', () => {
  it('every table Tessera creates carries the prefix (default tessera_)', async () => {
    const store = await openSqliteStore({ filename: ':memory:' });
    const names = tablesOf(store.database).filter((n) => !n.includes('_search_')); // FTS5 shadow tables follow their table
    expect(names.length).toBeGreaterThan(8);
    for (const name of names) expect(name).toMatch(/^tessera_/u);
    await store.close();
  });

  it("a host's own users and tickets tables live in the same file untouched", async () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE users (id INTEGER PRIMARY KEY, login TEXT); INSERT INTO users (login) VALUES ('host-admin');
             CREATE TABLE tickets (id INTEGER PRIMARY KEY, title TEXT); INSERT INTO tickets (title) VALUES ('host ticket');`);
    const store = await openSqliteStore({ database: db, tablePrefix: 'helpdesk_' });
    const staff = await store.directory.addUser({ name: 'Sam', email: 'sam@x.test', role: 'staff' });
    const customer = await store.directory.addCustomer({ name: 'Acme', email: 'a@acme.test' });
    const t = await createTicketing({ store, blobs: createMemoryBlobStore() }).tickets.create(
      { id: staff.id, role: 'staff' },
      { subject: 'Printer jam', description: 'again', customerId: customer.id },
    );
    expect((await store.listTickets({ filter: { searchTerms: ['printer'] }, ordering: { field: 'created_at', direction: 'asc' }, page: { offset: 0, limit: 5 }, now: new Date() })).rows.map((r) => r.id)).toEqual([t.id]);
    expect(db.prepare('SELECT login FROM users').pluck().all()).toEqual(['host-admin']);
    expect(db.prepare('SELECT title FROM tickets').pluck().all()).toEqual(['host ticket']);
    expect(db.prepare('SELECT subject FROM helpdesk_tickets').pluck().all()).toEqual(['Printer jam']);
    await store.close();
    db.close();
  });

  it('refuses a prefix that is not an identifier fragment', () => {
    expect(() => createSqliteStore({ filename: ':memory:', tablePrefix: 'x; DROP TABLE users' })).toThrow(StoreError);
  });

  for (const tablePrefix of [undefined, 'helpdesk_']) {
    it(`upgrades a database made by the release before prefixes (prefix ${tablePrefix ?? 'default'}); the data survives`, async () => {
      const file = path(`release-${tablePrefix ?? 'default'}.db`);
      copyFileSync(RELEASE_DB, file);
      const before = createSqliteStore({ filename: file, tablePrefix });
      expect(before.schemaState()).toEqual({ applied: ['0001-init'], pending: ['0002-table-prefix', '0003-webhooks', '0004-revocable-tokens-and-sessions', '0005-sla', '0006-sla-totals', '0007-search-short-terms', '0008-duration-percentiles', '0009-outbox-rowids', '0010-window-stats-sla', '0011-word-index', '0012-search-index-merging'], unknown: [] });
      await before.close();

      const store = await openSqliteStore({ filename: file, tablePrefix });
      expect(store.schemaState().pending).toEqual([]);
      const p = tablePrefix ?? 'tessera_';
      expect(tablesOf(store.database).filter((n) => !n.startsWith(p))).toEqual([]);
      const all = await store.listTickets({ filter: {}, ordering: { field: 'ticket_number', direction: 'asc' }, page: { offset: 0, limit: 10 }, now: new Date('2024-06-01T00:00:00Z') });
      expect(all.count).toBe(3);
      expect(all.rows.map((t) => [t.ticketNumber, t.subject, t.status])).toEqual([
        ['TKT-000001', 'Cannot login', 'new'],
        ['TKT-000002', 'Invoice wrong', 'resolved'],
        ['TKT-000003', 'Feature: dark mode', 'new'],
      ]);
      const first = all.rows[0]!;
      expect(first).toMatchObject({ tags: ['login', 'auth'], estimatedHours: 2.5, priority: 'high' });
      expect(first.dueDate?.toISOString()).toBe('2024-05-03T09:00:00.000Z');
      expect(first.assignedToId).not.toBeNull();
      expect((await store.listComments({ ticketId: first.id })).rows.map((c) => [c.content, c.isInternal])).toEqual([
        ['Any news?', false],
        ['Looking at logs', true],
      ]);
      expect((await store.listAttachments({ ticketId: first.id })).rows.map((a) => [a.filename, a.fileSize])).toEqual([['screen.png', 3]]);
      expect((await store.listHistory({ includeInternal: true })).count).toBe(8);
      expect(await store.directory.countUsers()).toBe(2);
      expect((await store.directory.findUserByEmail('ADA@people.test'))?.user.name).toBe('Ada');
      expect((await store.directory.findUserByTokenHash('f'.repeat(64)))?.name).toBe('Sam');
      // The release's token got an id, no expiry, and (just now) a last use.
      expect(await store.directory.listTokens()).toEqual([
        { id: 1, userId: expect.any(Number), label: expect.any(String), createdAt: expect.any(Date), expiresAt: null, lastUsedAt: expect.any(Date) },
      ]);
      // The rebuilt search index and the renamed running totals answer as before.
      const search = await store.listTickets({ filter: { searchTerms: ['invoice'] }, ordering: { field: 'created_at', direction: 'asc' }, page: { offset: 0, limit: 10 }, now: new Date() });
      expect(search.rows.map((t) => t.subject)).toEqual(['Invoice wrong']);
      // Terms of one and two characters read the rebuilt index too, as the match rule says.
      for (const term of ['wr', 'w', 'k:', 'ng', 'zq', 'au', '3']) {
        const found = await store.listTickets({ filter: { searchTerms: [term] }, ordering: { field: 'ticket_number', direction: 'asc' }, page: { offset: 0, limit: 10 }, now: new Date() });
        const expected = all.rows.filter((t) => matchesSearch([t.ticketNumber, t.subject, t.description, t.tags.join(', ')], [term]));
        expect(found.rows.map((t) => t.ticketNumber), term).toEqual(expected.map((t) => t.ticketNumber));
      }
      expect(() => store.database.exec(`INSERT INTO ${p}ticket_search (${p}ticket_search, rank) VALUES ('integrity-check', 1)`)).not.toThrow();
      const stats = await store.statistics({}, { now: new Date('2024-06-01T00:00:00Z'), mine: { assignedToId: first.assignedToId! } });
      expect(stats).toMatchObject({ total: 3, byStatus: { new: 2, resolved: 1 }, myTicketsCount: 1, overdueCount: 1 });
      // Writing continues the old sequences and ids.
      const next = await store.transaction(async (tx) => tx.allocateTicketSequence());
      expect(next).toBe(4);
      await store.close();
    });
  }

  it('the default migrations are the ones openSqliteStore applies', () => {
    expect(Object.keys(MIGRATIONS).sort()).toEqual(['0001-init', '0002-table-prefix', '0003-webhooks', '0004-revocable-tokens-and-sessions', '0005-sla', '0006-sla-totals', '0007-search-short-terms', '0008-duration-percentiles', '0009-outbox-rowids', '0010-window-stats-sla', '0011-word-index', '0012-search-index-merging']);
  });
});
