import type * as Shared from '@tessera/store-kysely';

// Row shapes of Tessera's PostgreSQL tables as the driver returns them: the shared declarations
// with `timestamptz` as `Date` and native booleans. Ids and counts come back as numbers and hours
// (`numeric`) as numbers, thanks to the per-query type parsers in `pool.ts`.
export type TicketsTable = Shared.TicketsTable<Date, boolean>;
export type CommentsTable = Shared.CommentsTable<Date, boolean>;
export type AttachmentsTable = Shared.AttachmentsTable<Date>;
export type HistoryTable = Shared.HistoryTable<Date, boolean>;
export type CustomersTable = Shared.CustomersTable;
export type UsersTable = Shared.UsersTable;
export type ApiTokensTable = Shared.ApiTokensTable<Date>;
export type CountersTable = Shared.CountersTable;
export type AdminSessionsTable = Shared.AdminSessionsTable<Date>;

/** Insert-only deltas of ticket counts per group (see migrations/0001-ticket-counts.ts). SLA counters: migration 0005. */
export interface TicketCountsTable extends Shared.SlaTotalsTable {
  status: string;
  priority: string;
  category: string;
  unassigned: boolean;
  n: number;
  resolved_n: number;
  resolved_seconds: number;
}

/** The same deltas per UTC creation day (migration 0008). */
export interface TicketDayCountsTable extends TicketCountsTable {
  day: string;
}

/** Kysely database interface of one Tessera schema. */
export interface Database {
  tickets: TicketsTable;
  ticket_comments: CommentsTable;
  ticket_attachments: AttachmentsTable;
  ticket_history: HistoryTable;
  ticket_counts: TicketCountsTable;
  ticket_day_counts: TicketDayCountsTable;
  counters: CountersTable;
  customers: CustomersTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  admin_sessions: AdminSessionsTable;
  sla_calendars: Shared.SlaCalendarsTable;
  sla_policies: Shared.SlaPoliciesTable;
}
