import { sql, type Kysely, type Migration } from 'kysely';
import { openStatusSql } from '@tessera/store-kysely';
import type { TableNames } from '../names.js';

/** Trigger body adding (`+`) or removing (`-`) one ticket row (`new`/`old`) to/from the running totals. */
function addCounts(n: TableNames, row: 'new' | 'old', sign: '+' | '-'): string {
  const day = `((${row}.created_at - ((${row}.created_at % 86400000) + 86400000) % 86400000) / 86400000)`;
  return `INSERT INTO ${n.ticket_counts} (status, priority_rank, category, unassigned, tickets, resolved, resolution_ms)
     VALUES (${row}.status, ${row}.priority_rank, ${row}.category, ${row}.assigned_to_id IS NULL, ${sign}1,
             ${sign}(${row}.resolved_at IS NOT NULL), ${sign}coalesce(${row}.resolved_at - ${row}.created_at, 0))
     ON CONFLICT DO UPDATE SET tickets = tickets + excluded.tickets, resolved = resolved + excluded.resolved,
       resolution_ms = resolution_ms + excluded.resolution_ms;
     INSERT INTO ${n.ticket_days} (day, tickets) VALUES (${day}, ${sign}1)
     ON CONFLICT DO UPDATE SET tickets = tickets + excluded.tickets;`;
}

// DDL is written as SQL: FTS5 tables, triggers, partial and expression indexes have no
// schema-builder form, and one dialect's migration is easiest to review as that dialect.
/**
 * The FTS5 search table over tickets and the triggers that keep it in step. Trigram tokens give
 * case-insensitive substring matching for terms of 3+ characters; external content keeps one copy
 * of the text, triggers keep it in sync inside whatever transaction writes the ticket.
 */
export const searchIndexDdl = (n: TableNames): string[] => [
  `CREATE VIRTUAL TABLE ${n.ticket_search} USING fts5 (
     ticket_number, subject, description, tags,
     content = '${n.tickets}', content_rowid = 'id', tokenize = 'trigram'
   )`,
  `CREATE TRIGGER tickets_search_insert AFTER INSERT ON ${n.tickets} BEGIN
     INSERT INTO ${n.ticket_search} (rowid, ticket_number, subject, description, tags)
     VALUES (new.id, new.ticket_number, new.subject, new.description, new.tags);
   END`,
  `CREATE TRIGGER tickets_search_delete AFTER DELETE ON ${n.tickets} BEGIN
     INSERT INTO ${n.ticket_search} (${n.ticket_search}, rowid, ticket_number, subject, description, tags)
     VALUES ('delete', old.id, old.ticket_number, old.subject, old.description, old.tags);
   END`,
  `CREATE TRIGGER tickets_search_update AFTER UPDATE OF ticket_number, subject, description, tags ON ${n.tickets} BEGIN
     INSERT INTO ${n.ticket_search} (${n.ticket_search}, rowid, ticket_number, subject, description, tags)
     VALUES ('delete', old.id, old.ticket_number, old.subject, old.description, old.tags);
     INSERT INTO ${n.ticket_search} (rowid, ticket_number, subject, description, tags)
     VALUES (new.id, new.ticket_number, new.subject, new.description, new.tags);
   END`,
];

/** Names of the search triggers (on the tickets table). */
export const SEARCH_TRIGGERS = ['tickets_search_insert', 'tickets_search_delete', 'tickets_search_update'];

const up = (n: TableNames): string[] => [
  `CREATE TABLE ${n.sequences} (
     name TEXT PRIMARY KEY,
     value INTEGER NOT NULL
   ) WITHOUT ROWID`,
  `INSERT INTO ${n.sequences} (name, value) VALUES ('ticket', 0)`,

  `CREATE TABLE ${n.customers} (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     name TEXT NOT NULL,
     email TEXT NOT NULL
   )`,
  `CREATE INDEX customers_name ON ${n.customers} (name)`,
  `CREATE TABLE ${n.users} (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     name TEXT NOT NULL,
     email TEXT NOT NULL COLLATE NOCASE UNIQUE,
     role TEXT NOT NULL CHECK (role IN ('staff', 'customer')),
     customer_id INTEGER REFERENCES ${n.customers} (id),
     password_hash TEXT
   )`,
  `CREATE INDEX users_name ON ${n.users} (name)`,
  `CREATE TABLE ${n.api_tokens} (
     token_hash TEXT PRIMARY KEY,
     user_id INTEGER NOT NULL REFERENCES ${n.users} (id) ON DELETE CASCADE,
     label TEXT NOT NULL,
     created_at INTEGER NOT NULL
   ) WITHOUT ROWID`,
  `CREATE INDEX api_tokens_user ON ${n.api_tokens} (user_id)`,

  // AUTOINCREMENT: a deleted ticket's id is never handed out again.
  // No foreign keys to users/customers: hosts may keep those in their own directory.
  `CREATE TABLE ${n.tickets} (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     sequence INTEGER NOT NULL UNIQUE,
     ticket_number TEXT NOT NULL,
     subject TEXT NOT NULL,
     description TEXT NOT NULL,
     status TEXT NOT NULL,
     priority TEXT NOT NULL,
     priority_rank INTEGER NOT NULL,
     category TEXT NOT NULL,
     customer_id INTEGER NOT NULL,
     assigned_to_id INTEGER,
     created_by_id INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     resolved_at INTEGER,
     closed_at INTEGER,
     due_date INTEGER,
     estimated_hours REAL,
     actual_hours REAL,
     tags TEXT NOT NULL DEFAULT '',
     first_response_at INTEGER,
     version INTEGER NOT NULL
   )`,
  // One index per list filter, each ending in created_at so the default ordering
  // (-created_at, then -id = the implicit rowid suffix) needs no sort.
  `CREATE INDEX tickets_created_at ON ${n.tickets} (created_at)`,
  // Statistics over a creation-date range (the totals cannot split days by status): one covering
  // range scan instead of a table read per ticket.
  `CREATE INDEX tickets_created_stats ON ${n.tickets} (created_at, status, priority_rank, category, assigned_to_id, resolved_at)`,
  `CREATE INDEX tickets_updated_at ON ${n.tickets} (updated_at)`,
  `CREATE INDEX tickets_status ON ${n.tickets} (status, created_at)`,
  `CREATE INDEX tickets_priority ON ${n.tickets} (priority_rank, created_at)`,
  // The seed's own example filter (?status=open&priority=high) gets an exact index.
  `CREATE INDEX tickets_status_priority ON ${n.tickets} (status, priority_rank, created_at)`,
  `CREATE INDEX tickets_category ON ${n.tickets} (category, created_at)`,
  `CREATE INDEX tickets_customer ON ${n.tickets} (customer_id, created_at)`,
  `CREATE INDEX tickets_assigned ON ${n.tickets} (assigned_to_id, created_at)`,
  `CREATE INDEX tickets_created_by ON ${n.tickets} (created_by_id, created_at)`,
  // Orderings by priority and status break ties by id (the implicit rowid suffix of an index).
  `CREATE INDEX tickets_priority_order ON ${n.tickets} (priority_rank)`,
  `CREATE INDEX tickets_status_order ON ${n.tickets} (status)`,
  // Missing due dates sort last ascending / first descending (port contract): index the expression.
  `CREATE INDEX tickets_due_date ON ${n.tickets} ((due_date IS NULL), due_date)`,
  // Overdue = due before now and not resolved/closed. Open tickets by created_at, due_date
  // alongside: the page walks newest first and stops after a page of matches; the count reads
  // only open tickets' index entries, never the table. Queries must spell the expression exactly.
  `CREATE INDEX tickets_open ON ${n.tickets} ((${openStatusSql()}), created_at, due_date)`,
  // Statistics' overdue count under any status/priority/category/assignee/date filter: open tickets
  // only, by due date, with the filtered columns alongside (covering: no table reads).
  `CREATE INDEX tickets_overdue ON ${n.tickets} (due_date, status, priority_rank, category, assigned_to_id, created_by_id, created_at)
     WHERE ${openStatusSql()}`,

  // Running totals, maintained by triggers in the writing transaction. Exact counts over large
  // ranges (e.g. 600k closed tickets) cost tens of ms even from a covering index; these tables
  // answer list counts and statistics for filters on status/priority/category/unassigned and on
  // creation dates from a few hundred rows. Counting by index remains the fallback.
  `CREATE TABLE ${n.ticket_counts} (
     status TEXT NOT NULL,
     priority_rank INTEGER NOT NULL,
     category TEXT NOT NULL,
     unassigned INTEGER NOT NULL,
     tickets INTEGER NOT NULL,
     resolved INTEGER NOT NULL,
     resolution_ms INTEGER NOT NULL,
     PRIMARY KEY (status, priority_rank, category, unassigned)
   ) WITHOUT ROWID`,
  // Tickets per UTC day of created_at (floor division, so days before 1970 bucket correctly too).
  `CREATE TABLE ${n.ticket_days} (
     day INTEGER PRIMARY KEY,
     tickets INTEGER NOT NULL
   )`,
  `CREATE TRIGGER tickets_counts_insert AFTER INSERT ON ${n.tickets} BEGIN
     ${addCounts(n, 'new', '+')}
   END`,
  `CREATE TRIGGER tickets_counts_delete AFTER DELETE ON ${n.tickets} BEGIN
     ${addCounts(n, 'old', '-')}
   END`,
  `CREATE TRIGGER tickets_counts_update
     AFTER UPDATE OF status, priority_rank, category, assigned_to_id, resolved_at, created_at ON ${n.tickets} BEGIN
     ${addCounts(n, 'old', '-')}
     ${addCounts(n, 'new', '+')}
   END`,

  `CREATE TABLE ${n.comments} (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     ticket_id INTEGER NOT NULL REFERENCES ${n.tickets} (id) ON DELETE CASCADE,
     author_id INTEGER NOT NULL,
     content TEXT NOT NULL,
     is_internal INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   )`,
  `CREATE INDEX comments_ticket ON ${n.comments} (ticket_id)`,
  `CREATE TABLE ${n.attachments} (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     ticket_id INTEGER NOT NULL REFERENCES ${n.tickets} (id) ON DELETE CASCADE,
     filename TEXT NOT NULL,
     file_size INTEGER NOT NULL,
     content_type TEXT NOT NULL,
     description TEXT NOT NULL,
     uploaded_by_id INTEGER NOT NULL,
     uploaded_at INTEGER NOT NULL,
     blob_key TEXT NOT NULL
   )`,
  `CREATE INDEX attachments_ticket ON ${n.attachments} (ticket_id)`,
  `CREATE TABLE ${n.history} (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     ticket_id INTEGER NOT NULL REFERENCES ${n.tickets} (id) ON DELETE CASCADE,
     user_id INTEGER NOT NULL,
     action TEXT NOT NULL,
     field_name TEXT,
     old_value TEXT,
     new_value TEXT,
     timestamp INTEGER NOT NULL,
     is_internal INTEGER NOT NULL
   )`,
  `CREATE INDEX history_ticket ON ${n.history} (ticket_id)`,
  `CREATE INDEX history_action ON ${n.history} (action)`,

  ...searchIndexDdl(n),
];

const down = (n: TableNames): string[] => [
  `DROP TABLE ${n.ticket_days}`,
  `DROP TABLE ${n.ticket_counts}`,
  `DROP TABLE ${n.ticket_search}`,
  `DROP TABLE ${n.history}`,
  `DROP TABLE ${n.attachments}`,
  `DROP TABLE ${n.comments}`,
  `DROP TABLE ${n.tickets}`,
  `DROP TABLE ${n.api_tokens}`,
  `DROP TABLE ${n.users}`,
  `DROP TABLE ${n.customers}`,
  `DROP TABLE ${n.sequences}`,
];

async function run(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** Initial schema under table names `n`: tickets, comments, attachments, history, directory tables, FTS5 search. */
export const init = (n: TableNames): Migration => ({
  up: (db) => run(db, up(n)),
  down: (db) => run(db, down(n)),
});
