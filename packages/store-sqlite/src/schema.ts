import type * as Shared from '@tessera/store-kysely';

// Row shapes as SQLite stores them (the shared tables' declarations with SQLite's stored forms). Timestamps are integer epoch milliseconds (they round-trip
// `Date` exactly and sort numerically); booleans are 0/1; tags are core's `formatTags` string.

export type TicketsTable = Shared.TicketsTable<number, number>;
export type CommentsTable = Shared.CommentsTable<number, number>;
export type AttachmentsTable = Shared.AttachmentsTable<number>;
export type HistoryTable = Shared.HistoryTable<number, number>;
export type CustomersTable = Shared.CustomersTable;
export type UsersTable = Shared.UsersTable;
export type ApiTokensTable = Shared.ApiTokensTable<number>;

export type SequencesTable = Shared.CountersTable;

/** The FTS5 index over ticket number, subject, description and tags (external content = tickets). */
export interface TicketSearchTable {
  rowid: number;
  ticket_search: string;
  ticket_number: string;
  subject: string;
  description: string;
  tags: string;
}

/** Running totals per (status, priority, category, unassigned), maintained by triggers. SLA counters: migration 0006. */
export interface TicketCountsTable extends Shared.SlaTotalsTable {
  status: string;
  priority_rank: number;
  category: string;
  unassigned: number;
  tickets: number;
  resolved: number;
  resolution_ms: number;
}

/** Tickets created per UTC day (`floor(created_at / 86400000)`), maintained by triggers. */
export interface TicketDaysTable {
  day: number;
  tickets: number;
}

/** Kysely's view of the Tessera schema. */
export interface Database {
  tickets: TicketsTable;
  comments: CommentsTable;
  attachments: AttachmentsTable;
  history: HistoryTable;
  customers: CustomersTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  tessera_sequences: SequencesTable;
  ticket_search: TicketSearchTable;
  ticket_counts: TicketCountsTable;
  ticket_days: TicketDaysTable;
}
