import type { HistoryAction, TicketOrderField, TicketPriority, TicketStatus } from '../domain/enums.js';
import type { NewHistoryEntry } from '../domain/history.js';
import type { Attachment, Comment, HistoryEntry, Ticket } from '../domain/model.js';
import type { DirectoryStore, People } from './directory.js';
import type { IdempotencyStore } from './idempotency.js';
import type { NewOutboxEvent } from './outbox.js';
import type { WebhookStore } from './webhooks/webhook-store.js';
import type { RecordedSlaBreach, SlaStore } from './sla-store.js';
import type { SlaStatus } from '../sla/clock.js';
import type { SlaTicketFieldName } from '../sla/ticket-state.js';
import type { PercentileOptions, StorePercentiles } from './ticket-percentiles.js';

export type { PercentileOptions, StoreDurationPercentiles, StorePercentiles } from './ticket-percentiles.js';

/**
 * Conditions a ticket list or statistics query combines with AND. Every field is optional;
 * an empty filter matches every ticket.
 */
export interface TicketFilter {
  status?: TicketStatus;
  priority?: TicketPriority;
  category?: string;
  customerId?: number;
  assignedToId?: number;
  createdById?: number;
  /** `true`: only tickets with no assignee. `false` or absent: no condition. */
  unassigned?: boolean;
  /**
   * `true`: only tickets whose due date is before `now` and whose status is not resolved/closed.
   * `false` or absent: no condition.
   */
  overdue?: boolean;
  /** Inclusive lower bound on `createdAt`. */
  createdAfter?: Date;
  /** Inclusive upper bound on `createdAt`. */
  createdBefore?: Date;
  /**
   * Lower-cased search terms (see `parseSearchTerms`). A ticket matches when every term is a
   * case-insensitive substring of its ticket number, subject, description or tags (joined `"a, b"`).
   * `%`, `_` and quotes are literal characters, never wildcards.
   */
  searchTerms?: string[];
  /** Only tickets whose SLA state at `now` is this one (see `evaluateSla`; same precedence). */
  slaStatus?: SlaStatus;
  /** `true`: some SLA target is missed at `now` (recorded, or a running clock past its due time); `false`: none is. */
  slaBreached?: boolean;
}

/**
 * Ordering of a ticket list. Ties are broken by `id` in the same direction.
 * `priority` orders by rank (low < … < critical); `ticket_number` by sequence (numeric);
 * `status` by status code; `due_date`, `first_response_due_at` and `resolution_due_at` sort missing
 * dates after every date when ascending and before every date when descending (PostgreSQL's default).
 */
export interface TicketOrdering {
  field: TicketOrderField;
  direction: 'asc' | 'desc';
}

/** A window of rows: `offset` rows skipped, at most `limit` returned. */
export interface PageRequest {
  offset: number;
  limit: number;
}

/** Rows of one page and the total number of rows matching the query. */
export interface Page<T> {
  count: number;
  rows: T[];
}

/** A ticket list query as the store runs it. */
export interface TicketQuery {
  filter: TicketFilter;
  ordering: TicketOrdering;
  page: PageRequest;
  /** The instant `overdue` is judged against. */
  now: Date;
}

/** Options of a statistics query. */
export interface StatisticsOptions {
  /** The instant `overdue` is judged against. */
  now: Date;
  /** What "my tickets" means for the caller (assigned to a staff user; created by a customer user). */
  mine: { assignedToId: number } | { createdById: number };
}

/**
 * Aggregates over the tickets matching a filter, computed by the store in SQL (never by loading
 * tickets). Groups with no tickets may be omitted; the service fills in zeros.
 */
export interface StoreStatistics {
  total: number;
  byStatus: Partial<Record<TicketStatus, number>>;
  byPriority: Partial<Record<TicketPriority, number>>;
  byCategory: Record<string, number>;
  overdueCount: number;
  unassignedCount: number;
  myTicketsCount: number;
  /** Mean of `resolvedAt - createdAt` in hours over tickets with a `resolvedAt`; null when none. Unrounded. */
  avgResolutionTimeHours: number | null;
  /** SLA attainment at `now`, per target (tickets without that target are not counted). */
  sla: SlaStatistics;
}

/**
 * Tickets per SLA target state at `now`. A missed target counts as `breached` whatever its clock
 * does next; otherwise by clock: running → `active`, paused → `paused`, stopped or fulfilled → `fulfilled`.
 */
export interface SlaStatistics {
  firstResponse: { active: number; fulfilled: number; breached: number };
  resolution: { active: number; paused: number; fulfilled: number; breached: number };
}

/** Filter for comment lists. `customerId` scopes to tickets of that customer. */
export interface CommentFilter {
  ticketId?: number;
  isInternal?: boolean;
  customerId?: number;
}

/** Filter for attachment lists. `customerId` scopes to tickets of that customer. */
export interface AttachmentFilter {
  ticketId?: number;
  customerId?: number;
}

/** Filter for history lists. `includeInternal: false` hides rows flagged `isInternal`. */
export interface HistoryFilter {
  ticketId?: number;
  action?: HistoryAction;
  customerId?: number;
  includeInternal: boolean;
}

/**
 * Fields of a new ticket; the store assigns `id`. `version` starts at 1. SLA fields left out are
 * stored as "no SLA" (`NO_SLA_TICKET_FIELDS`).
 */
export type NewTicket = Omit<Ticket, 'id' | SlaTicketFieldName> & Partial<Pick<Ticket, SlaTicketFieldName>>;
/** Fields a ticket update may set. */
export type TicketPatch = Partial<Omit<Ticket, 'id' | 'sequence' | 'ticketNumber' | 'createdAt' | 'createdById'>>;
export type NewComment = Omit<Comment, 'id'>;
export type NewAttachment = Omit<Attachment, 'id'>;

/** What {@link TicketReader.getTicketWithActivity} reads: a ticket with its related rows, oldest first. */
export interface TicketWithActivity {
  ticket: Ticket;
  comments: Comment[];
  attachments: Attachment[];
  history: HistoryEntry[];
  /**
   * Only when asked (`people: true`) and the store holds the directory itself: the users and
   * customers the ticket's fields refer to (customer, assignee, creator), read in the same
   * statement — exactly what the store's `directory.getPeople` returns for those ids.
   */
  people?: People;
}

/**
 * Read side of the store. Comment, attachment and history lists are ordered oldest first
 * (by id); `page` omitted returns every matching row.
 *
 * Contract: every read that returns several parts — a page and its `count`, the groups and the
 * total of the statistics — reads them from one snapshot of the database, so the count always
 * agrees with the rows even while other processes commit.
 */
export interface TicketReader {
  getTicket(id: number): Promise<Ticket | null>;
  /**
   * A ticket with all its comments, attachments and history rows (each oldest first), read on one
   * snapshot — what a ticket's detail shows, in one read (a SQL store sends one statement). With
   * `includeInternal: false` internal comments and internal history rows are left out. Null when
   * the ticket does not exist.
   */
  getTicketWithActivity(id: number, options: { includeInternal: boolean; people?: boolean }): Promise<TicketWithActivity | null>;
  listTickets(query: TicketQuery): Promise<Page<Ticket>>;
  statistics(filter: TicketFilter, options: StatisticsOptions): Promise<StoreStatistics>;
  /** Nearest-rank first-response and resolution time percentiles over the tickets matching `filter`. */
  percentiles(filter: TicketFilter, options: PercentileOptions): Promise<StorePercentiles>;
  getComment(id: number): Promise<Comment | null>;
  listComments(filter: CommentFilter, page?: PageRequest): Promise<Page<Comment>>;
  getAttachment(id: number): Promise<Attachment | null>;
  listAttachments(filter: AttachmentFilter, page?: PageRequest): Promise<Page<Attachment>>;
  listHistory(filter: HistoryFilter, page?: PageRequest): Promise<Page<HistoryEntry>>;
  /** One audit row by id (internal or not: callers apply visibility), or null. */
  getHistoryEntry(id: number): Promise<HistoryEntry | null>;
}

/**
 * Reads and writes inside one transaction. Everything done through a `TicketStoreTx`
 * commits together or not at all.
 *
 * Contract: the handle is valid only until its transaction ends; any method called after the
 * commit or rollback rejects with a `StoreError` and touches nothing.
 */
export interface TicketStoreTx extends TicketReader {
  /**
   * Reads a ticket and holds it against concurrent writers until the transaction ends
   * (`SELECT … FOR UPDATE` or a database write lock), so a read-check-write sequence on one
   * ticket is serialized across processes.
   */
  lockTicket(id: number): Promise<Ticket | null>;
  /**
   * Allocates the next ticket sequence value. Contract: values are unique and strictly
   * increasing in commit order across every process sharing the database, and gapless —
   * a rolled-back transaction releases its value. Concurrent creators wait for one another.
   */
  allocateTicketSequence(): Promise<number>;
  insertTicket(ticket: NewTicket): Promise<Ticket>;
  /**
   * Writes `patch` over the ticket and returns the stored row. Only the patched fields change:
   * `version` and `updatedAt` are whatever the patch says (the service sets them), never bumped
   * by the store.
   */
  updateTicket(id: number, patch: TicketPatch): Promise<Ticket>;
  /** Deletes the ticket with its comments, attachment rows and history. */
  deleteTicket(id: number): Promise<void>;
  insertComment(comment: NewComment): Promise<Comment>;
  insertAttachment(attachment: NewAttachment): Promise<Attachment>;
  deleteAttachment(id: number): Promise<void>;
  insertHistory(entries: readonly NewHistoryEntry[]): Promise<void>;
  /**
   * Records every SLA breach due before `now` not recorded yet (the work of `tick`): for each
   * ticket whose running first-response or resolution clock has a due time before `now` and no
   * breach recorded, flips the breach flag and writes one `sla_breached` history row per flipped
   * flag (`field_name` = target, `new_value` = due time ISO, user null, internal). The flip is
   * conditional (`… WHERE NOT breached`), so transactions of several processes calling it at the
   * same instant record each breach exactly once between them. Ordered by ticket, then history id.
   * With `limit`, at most that many per target, the earliest due first (a store that locks rows
   * skips those another transaction holds). A store without SLA support (no `sla`) has no running
   * clocks and returns none.
   */
  recordDueBreaches(now: Date, options?: { limit?: number }): Promise<RecordedSlaBreach[]>;
  /**
   * Writes events to the outbox in this transaction: they commit or roll back with the change.
   * Call it last, after the change's other writes: ids are assigned in commit order, which a SQL
   * store may enforce with a lock held from here to commit (Postgres), so the later the call,
   * the shorter writers wait for one another.
   */
  appendOutbox(events: readonly NewOutboxEvent[]): Promise<void>;
}

/** What a caller tells {@link TicketStore.transaction} about its transaction. */
export interface TransactionOptions {
  /**
   * `fn` creates a ticket: it allocates a number, writes the ticket and its rows, and does nothing
   * slow. Where gapless numbering makes creators wait for one another until each commits
   * (PostgreSQL), the store may run such transactions of one process together in one database
   * transaction with one COMMIT. Each still resolves only once committed, and a failing one
   * rejects only its caller: the others are run again (as after a deadlock, so `fn` must be
   * safe to re-run). Other stores ignore it (SQLite groups every write anyway).
   */
  createsTicket?: boolean;
}

/** A transactional ticket store: the one port every database adapter implements. */
export interface TicketStore extends TicketReader {
  /**
   * Runs `fn` in one transaction: commits when it resolves, rolls back when it throws (and
   * rethrows). Write transactions on one database are serialized where the database needs it
   * (SQLite takes the write lock up front), so `fn` never fails halfway with a busy error.
   *
   * Contracts every store keeps (the conformance suite checks them):
   * - `fn` may be run more than once: a store re-runs it from a clean slate when the database
   *   aborts the attempt as a deadlock or serialization victim. Keep side effects (events, blob
   *   writes, network calls) out of `fn`, or make them idempotent; act on the result after commit.
   * - Transactions do not nest: calling `transaction` on the same store from inside `fn` rejects
   *   with a `StoreError` instead of waiting for itself. Use the `tx` handle inside `fn` (a read
   *   through the store itself sees only committed data, or is rejected where it would wait).
   *   (Detected through AsyncLocalStorage; on a runtime without it, nesting is not detected.)
   * - The `tx` handle dies with the transaction (see {@link TicketStoreTx}).
   * - `options` are hints; a store may ignore them (see {@link TransactionOptions}).
   */
  transaction<T>(fn: (tx: TicketStoreTx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** The store-backed users/customers/tokens directory, when the store provides one. */
  readonly directory?: DirectoryStore;
  /**
   * The outbox (read side), webhook subscriptions and delivery attempts in this store's database,
   * when the store provides them. Outbox rows are written by `tx.appendOutbox`.
   */
  readonly webhooks?: WebhookStore;
  /** `Idempotency-Key` records in this store's database, when the store provides them. */
  readonly idempotency?: IdempotencyStore;
  /** Calendars, policies and breach recording. A store without it runs every ticket without SLA. */
  readonly sla?: SlaStore;
  /** Releases connections or file handles. */
  close(): Promise<void>;
}
