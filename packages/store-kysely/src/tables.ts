import type { Generated } from 'kysely';
import type { AttachmentColumns, CommentColumns, CustomerColumns, HistoryColumns, UserColumns } from './activity-rows.js';

/**
 * The `tickets` table, declared once for every dialect. `Time` is the dialect's stored form of an
 * instant (epoch ms on SQLite, `Date` for PostgreSQL's `timestamptz`); tags are core's `"a, b"` text.
 */
export interface TicketsTable<Time, Flag = boolean | number> {
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
  created_at: Time;
  updated_at: Time;
  resolved_at: Time | null;
  closed_at: Time | null;
  due_date: Time | null;
  estimated_hours: number | null;
  actual_hours: number | null;
  tags: string;
  first_response_at: Time | null;
  version: number;
  /** SLA clock state (core's `SlaClockState`); see `sla-sql.ts` for the rules over these columns. */
  sla_policy_id: number | null;
  sla_first_response_clock: string;
  sla_first_response_due_at: Time | null;
  sla_first_response_breached: Flag;
  sla_resolution_clock: string;
  sla_resolution_due_at: Time | null;
  sla_resolution_elapsed_ms: number;
  sla_resolution_running_since: Time | null;
  sla_resolution_breached: Flag;
  sla_breach_at: Time | null;
}

export interface CommentsTable<Time, Flag> extends CommentColumns<Time, Flag> {
  id: Generated<number>;
}
export interface AttachmentsTable<Time> extends AttachmentColumns<Time> {
  id: Generated<number>;
}
export interface HistoryTable<Time, Flag> extends HistoryColumns<Time, Flag> {
  id: Generated<number>;
}
export interface CustomersTable extends CustomerColumns {
  id: Generated<number>;
}
export interface UsersTable extends UserColumns {
  id: Generated<number>;
}
/** API tokens (only hashes are stored); `expires_at` null = never. */
export interface ApiTokensTable<Time> {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  label: string;
  created_at: Time;
  expires_at: Time | null;
  last_used_at: Time | null;
}
/** Server-side admin sessions, keyed by a hash of the session id. */
export interface AdminSessionsTable<Time> {
  id_hash: string;
  user_id: number;
  token_hash: string | null;
  created_at: Time;
  expires_at: Time;
}
/** Named gapless counters (the ticket sequence is one row). */
export interface CountersTable {
  name: string;
  value: number;
}

/** Business calendars: `hours` and `holidays` as JSON text (SQLite) or `jsonb` (PostgreSQL). */
export interface SlaCalendarsTable {
  id: Generated<number>;
  name: string;
  timezone: string;
  hours: unknown;
  holidays: unknown;
}
/** SLA policies: `match`, `pause_statuses` and `targets` as JSON text (SQLite) or `jsonb` (PostgreSQL). */
export interface SlaPoliciesTable {
  id: Generated<number>;
  name: string;
  position: number;
  match: unknown;
  calendar_id: number | null;
  pause_statuses: unknown;
  targets: unknown;
}

/**
 * The tables the shared queries read and write, by role, as the dialect names them: SQLite puts
 * a prefix in front (`tessera_tickets`), PostgreSQL qualifies with its schema (`tessera.tickets`).
 * Kysely splits `schema.table` itself, so a name is used as given.
 */
export interface SharedTableNames {
  readonly tickets: string;
  readonly comments: string;
  readonly attachments: string;
  readonly history: string;
  /** The counters table and the row that holds the ticket sequence. */
  readonly counters: string;
  readonly ticketSequenceKey: string;
  /** The directory's tables, where the store holds them: the ticket detail then reads its people too. */
  readonly users?: string;
  readonly customers?: string;
}
