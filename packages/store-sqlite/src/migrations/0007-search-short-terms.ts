import { sql, type Kysely, type Migration } from 'kysely';
import type { TableNames } from '../names.js';
import { SEARCH_TRIGGERS, searchIndexDdl } from './0001-init.js';

/**
 * What the search index holds for a column: its text followed by two commas. Search terms never
 * contain commas (they split terms), so the padding cannot take part in a match of a term; it
 * gives every character of the text a trigram that starts with it, which is what lets terms of
 * one or two characters be looked up (see `queries/search-match.ts`).
 */
const padded = (row: 'new' | 'old' | 't', column: string) => `${row}.${column} || ',,'`;
const COLUMNS = ['ticket_number', 'subject', 'description', 'tags'] as const;
const LIST = COLUMNS.join(', ');
const values = (row: 'new' | 'old') => COLUMNS.map((c) => padded(row, c)).join(', ');

/** The view of the padded text the index is built from (its external content). */
export const searchTextView = (n: TableNames): string => `${n.ticket_search}_text`;
/** The vocabulary of the search index (one row per token instance; read a term at a time). */
export const searchTermsTable = (n: TableNames): string => `${n.ticket_search}_terms`;

/**
 * The search index over tickets — trigram tokens of the padded text, external content read from a
 * view (so `rebuild` and `integrity-check` work) — and the triggers that keep it in step inside
 * whatever transaction writes a ticket. Queries only ever read rowids from it.
 */
export const paddedSearchIndexDdl = (n: TableNames): string[] => [
  `CREATE VIEW ${searchTextView(n)} AS SELECT t.id, ${COLUMNS.map((c) => `${padded('t', c)} AS ${c}`).join(', ')} FROM ${n.tickets} t`,
  `CREATE VIRTUAL TABLE ${n.ticket_search} USING fts5 (
     ${LIST}, content = '${searchTextView(n)}', content_rowid = 'id', tokenize = 'trigram'
   )`,
  `CREATE VIRTUAL TABLE ${searchTermsTable(n)} USING fts5vocab (${n.ticket_search}, 'instance')`,
  `CREATE TRIGGER ${n.tickets}_search_insert AFTER INSERT ON ${n.tickets} BEGIN
     INSERT INTO ${n.ticket_search} (rowid, ${LIST}) VALUES (new.id, ${values('new')});
   END`,
  `CREATE TRIGGER ${n.tickets}_search_delete AFTER DELETE ON ${n.tickets} BEGIN
     INSERT INTO ${n.ticket_search} (${n.ticket_search}, rowid, ${LIST}) VALUES ('delete', old.id, ${values('old')});
   END`,
  `CREATE TRIGGER ${n.tickets}_search_update AFTER UPDATE OF ${LIST} ON ${n.tickets} BEGIN
     INSERT INTO ${n.ticket_search} (${n.ticket_search}, rowid, ${LIST}) VALUES ('delete', old.id, ${values('old')});
     INSERT INTO ${n.ticket_search} (rowid, ${LIST}) VALUES (new.id, ${values('new')});
   END`,
];

async function run(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** The old search triggers (unprefixed names) that belong to this prefix's tickets table. */
async function oldTriggers(db: Kysely<unknown>, n: TableNames): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ${n.tickets}`.execute(db);
  return rows.map((r) => r.name).filter((name) => SEARCH_TRIGGERS.includes(name));
}

/**
 * Search by terms of any length from the index: the trigram index is rebuilt over text padded
 * with two commas (terms of 1–2 characters become a range of trigrams read from its vocabulary,
 * instead of a LIKE over every ticket). Every ticket is indexed again in this step.
 */
export const searchShortTerms = (n: TableNames): Migration => ({
  async up(db) {
    const triggers = await oldTriggers(db, n);
    await run(db, [
      ...triggers.map((name) => `DROP TRIGGER ${name}`),
      `DROP TABLE ${n.ticket_search}`,
      ...paddedSearchIndexDdl(n),
      `INSERT INTO ${n.ticket_search} (${n.ticket_search}) VALUES ('rebuild')`,
    ]);
  },
  async down(db) {
    await run(db, [
      `DROP TRIGGER ${n.tickets}_search_insert`,
      `DROP TRIGGER ${n.tickets}_search_delete`,
      `DROP TRIGGER ${n.tickets}_search_update`,
      `DROP TABLE ${searchTermsTable(n)}`,
      `DROP TABLE ${n.ticket_search}`,
      `DROP VIEW ${searchTextView(n)}`,
      ...searchIndexDdl(n),
      `INSERT INTO ${n.ticket_search} (${n.ticket_search}) VALUES ('rebuild')`,
    ]);
  },
});
