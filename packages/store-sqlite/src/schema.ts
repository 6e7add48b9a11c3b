import type { Generated } from 'kysely';
import type { AttachmentColumns, CommentColumns, CustomerColumns, HistoryColumns, UserColumns } from '@tessera/store-kysely';

// Row shapes as SQLite stores them. Timestamps are integer epoch milliseconds (they round-trip
// `Date` exactly and sort numerically); booleans are 0/1; tags are core's `formatTags` string.

export interface TicketsTable {
  id: Generated<number>;
  sequence: number;
  ticket_number: string;
  subject: string;
  description: string;
  status: string;
  priority: string;
  /** `priorityRank(priority)`: ordering by priority uses this indexed column. */
  priority_rank: number;
  category: string;
  customer_id: number;
  assigned_to_id: number | null;
  created_by_id: number;
  created_at: number;
  updated_at: number;
  resolved_at: number | null;
  closed_at: number | null;
  due_date: number | null;
  estimated_hours: number | null;
  actual_hours: number | null;
  tags: string;
  first_response_at: number | null;
  version: number;
  sla_policy_id: number | null;
  sla_first_response_clock: string;
  sla_first_response_due_at: number | null;
  sla_first_response_breached: number;
  sla_resolution_clock: string;
  sla_resolution_due_at: number | null;
  sla_resolution_elapsed_ms: number;
  sla_resolution_running_since: number | null;
  sla_resolution_breached: number;
}

export interface CommentsTable extends CommentColumns<number, number> {
  id: Generated<number>;
}

export interface AttachmentsTable extends AttachmentColumns<number> {
  id: Generated<number>;
}

export interface HistoryTable extends HistoryColumns<number, number> {
  id: Generated<number>;
}

export interface CustomersTable extends CustomerColumns {
  id: Generated<number>;
}

export interface UsersTable extends UserColumns {
  id: Generated<number>;
}

export interface ApiTokensTable {
  token_hash: string;
  user_id: number;
  label: string;
  created_at: number;
}

export interface SequencesTable {
  name: string;
  value: number;
}

/** The FTS5 index over ticket number, subject, description and tags (external content = tickets). */
export interface TicketSearchTable {
  rowid: number;
  ticket_search: string;
  ticket_number: string;
  subject: string;
  description: string;
  tags: string;
}

/** Running totals per (status, priority, category, unassigned), maintained by triggers. */
export interface TicketCountsTable {
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
