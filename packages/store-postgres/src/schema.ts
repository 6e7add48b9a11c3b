import type { Generated } from 'kysely';
import type { AttachmentColumns, CommentColumns, CustomerColumns, HistoryColumns, UserColumns } from '@tessera/store-kysely';

/**
 * Row shapes of Tessera's PostgreSQL tables as the driver returns them. Ids and counts come back
 * as numbers and hours (`numeric`) as numbers, thanks to the per-query type parsers in `pool.ts`.
 */
export interface TicketsTable {
  id: Generated<number>;
  sequence: number;
  ticket_number: string;
  subject: string;
  description: string;
  status: string;
  priority: string;
  /** 1 (low) … 5 (critical): ordering by priority uses this, not the alphabet. */
  priority_rank: number;
  category: string;
  customer_id: number;
  assigned_to_id: number | null;
  created_by_id: number;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  closed_at: Date | null;
  due_date: Date | null;
  estimated_hours: number | null;
  actual_hours: number | null;
  /** Normalised tags joined the seed's way: `"a, b, c"` (tags never contain commas). */
  tags: string;
  first_response_at: Date | null;
  version: number;
  sla_policy_id: number | null;
  sla_first_response_clock: string;
  sla_first_response_due_at: Date | null;
  sla_first_response_breached: boolean;
  sla_resolution_clock: string;
  sla_resolution_due_at: Date | null;
  sla_resolution_elapsed_ms: number;
  sla_resolution_running_since: Date | null;
  sla_resolution_breached: boolean;
}

export interface CommentsTable extends CommentColumns<Date, boolean> {
  id: Generated<number>;
}

export interface AttachmentsTable extends AttachmentColumns<Date> {
  id: Generated<number>;
}

export interface HistoryTable extends HistoryColumns<Date, boolean> {
  id: Generated<number>;
}

/** Insert-only deltas of ticket counts per group (see migrations/0001-ticket-counts.ts). */
export interface TicketCountsTable {
  status: string;
  priority: string;
  category: string;
  unassigned: boolean;
  n: number;
  resolved_n: number;
  resolved_seconds: number;
}

/** Named gapless counters; `ticket_sequence` backs ticket numbers. */
export interface CountersTable {
  name: string;
  value: number;
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
  created_at: Date;
}

/** Kysely database interface of one Tessera schema. */
export interface Database {
  tickets: TicketsTable;
  ticket_comments: CommentsTable;
  ticket_attachments: AttachmentsTable;
  ticket_history: HistoryTable;
  ticket_counts: TicketCountsTable;
  counters: CountersTable;
  customers: CustomersTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  sla_calendars: SlaCalendarsTable;
  sla_policies: SlaPoliciesTable;
}

/** Business calendars (`hours`, `holidays` as jsonb). */
export interface SlaCalendarsTable {
  id: Generated<number>;
  name: string;
  timezone: string;
  hours: unknown;
  holidays: unknown;
}

/** SLA policies (`match`, `pause_statuses`, `targets` as jsonb). */
export interface SlaPoliciesTable {
  id: Generated<number>;
  name: string;
  position: number;
  match: unknown;
  calendar_id: number | null;
  pause_statuses: unknown;
  targets: unknown;
}
