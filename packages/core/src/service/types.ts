import type { TicketPriority, TicketStatus } from '../domain/enums.js';
import type {
  AttachmentInput,
  AttachmentListQuery,
  CommentInput,
  CommentListQuery,
  CreateTicketInput,
  HistoryListQuery,
  PatchTicketInput,
  TicketListFilters,
  TicketListQuery,
  UpdateTicketInput,
} from '../domain/inputs.js';
import type {
  Actor,
  Attachment,
  Comment,
  HistoryEntry,
  PartyDetails,
  Ticket,
  TicketMetrics,
} from '../domain/model.js';
import type { NumberingOptions } from '../domain/numbering.js';
import type { TicketingEmitter } from '../events.js';
import type { BlobBody, BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { Directory } from '../ports/directory.js';
import type { SlaStatistics, TicketStore } from '../ports/ticket-store.js';
import type { SlaApi } from './sla-types.js';
import type { TicketPercentilesQuery } from '../domain/percentiles.js';
import type { TicketPercentiles } from './ticket-percentiles.js';
import type { SlaStatus } from '../sla/clock.js';
import type { SlaTicketFieldName } from '../sla/ticket-state.js';

/** Options of {@link createTicketing}. */
export interface TicketingOptions {
  store: TicketStore;
  /**
   * Where attachment bytes go. Required unless `store` is the in-memory store from
   * `createMemoryStore()` (then bytes default to memory too): with a durable store, bytes kept in
   * process memory would be lost on restart, so `createTicketing` refuses to guess.
   */
  blobs?: BlobStore;
  clock?: Clock;
  numbering?: NumberingOptions;
  /** Allowed categories; defaults to `DEFAULT_CATEGORIES`. */
  categories?: readonly string[];
  /** Resolves users/customers. Defaults to `store.directory`; without one, ids are not checked. */
  directory?: Directory;
  /** Upload limit in bytes for attachments (default 25 MB). */
  uploadLimitBytes?: number;
  /**
   * Whether every change also writes its events to the store's outbox, in its own transaction
   * (what webhooks deliver from). Default true; `false` only to measure the outbox's cost.
   */
  outbox?: boolean;
}

/**
 * The SLA fields of a ticket view, evaluated at read time (a running clock past its due time reads
 * as breached before any tick). Staff only: customers' views leave them out.
 */
export interface TicketSlaView {
  /** The policy chosen for the ticket, or null. */
  slaPolicyId: number | null;
  firstResponseDueAt: Date | null;
  firstResponseBreached: boolean;
  /** Null while paused or without a target; kept after fulfilment. */
  resolutionDueAt: Date | null;
  resolutionBreached: boolean;
  /** `none`, `active`, `paused`, `fulfilled` or `breached` (breached > paused > active > fulfilled). */
  slaStatus: SlaStatus;
  /** Creation → first response in business hours on the policy's calendar; null without a policy or response. */
  responseTimeBusinessHours: number | null;
  /** Creation → resolution in business hours on the policy's calendar; null without a policy or while unresolved. */
  resolutionTimeBusinessHours: number | null;
}

/**
 * A ticket as callers see it: row (without the stored SLA clock state) + metrics + the people it
 * refers to + the SLA fields (present for staff, absent for customers).
 */
export interface TicketView extends Omit<Ticket, SlaTicketFieldName>, TicketMetrics, Partial<TicketSlaView> {
  customerDetails: PartyDetails | null;
  assignedToDetails: PartyDetails | null;
  createdByDetails: PartyDetails | null;
}

/** A ticket with its comments, attachments and history (filtered for the actor). */
export interface TicketDetail extends TicketView {
  comments: Comment[];
  attachments: Attachment[];
  history: HistoryEntry[];
}

/** One page of a list call. */
export interface ListPage<T> {
  count: number;
  page: number;
  pageSize: number;
  results: T[];
}

/** Statistics: every status, priority and configured category present, zeros included. */
export interface TicketStatistics {
  totalTickets: number;
  byStatus: Record<TicketStatus, number>;
  byPriority: Record<TicketPriority, number>;
  byCategory: Record<string, number>;
  overdueCount: number;
  unassignedCount: number;
  myTicketsCount: number;
  avgResolutionTimeHours: number | null;
  /** SLA attainment per target at the time of the call (staff only: absent for customers). */
  sla?: SlaStatistics;
}

/** Write options: `expectedVersion` makes the write fail with a `ConflictError` if the ticket moved on. */
export interface WriteOptions {
  expectedVersion?: number;
}

export interface TicketsApi {
  create(actor: Actor, input: CreateTicketInput): Promise<TicketView>;
  get(actor: Actor, id: number): Promise<TicketDetail>;
  list(actor: Actor, query?: TicketListQuery): Promise<ListPage<TicketView>>;
  /** Full update (PUT): required fields must be present; omitted optional fields are kept. */
  update(actor: Actor, id: number, input: UpdateTicketInput, options?: WriteOptions): Promise<TicketView>;
  /** Partial update (PATCH). */
  patch(actor: Actor, id: number, input: PatchTicketInput, options?: WriteOptions): Promise<TicketView>;
  delete(actor: Actor, id: number): Promise<void>;
  /** Assigns to a user, or unassigns with `null`. */
  assign(actor: Actor, id: number, userId: number | null, options?: WriteOptions): Promise<TicketView>;
  changeStatus(actor: Actor, id: number, status: TicketStatus, options?: WriteOptions): Promise<TicketView>;
  statistics(actor: Actor, filters?: TicketListFilters): Promise<TicketStatistics>;
  /**
   * Nearest-rank percentiles (default 50, 90, 95) of the wall-clock first-response and resolution
   * times, in seconds with their sample sizes, over the tickets matching the list filters (the
   * window is `createdAfter`/`createdBefore`). Staff only.
   */
  percentiles(actor: Actor, query?: TicketPercentilesQuery): Promise<TicketPercentiles>;
}

export interface CommentsApi {
  add(actor: Actor, ticketId: number, input: CommentInput): Promise<Comment>;
  list(actor: Actor, query?: CommentListQuery): Promise<ListPage<Comment>>;
  /** One comment, under the list's visibility: another customer's ticket or an internal note is not found. */
  get(actor: Actor, id: number): Promise<Comment>;
}

export interface AttachmentsApi {
  /** Stores the bytes in the blob store, then the metadata; nothing is left behind on failure. */
  add(actor: Actor, ticketId: number, input: AttachmentInput & { body: BlobBody }): Promise<Attachment>;
  get(actor: Actor, id: number): Promise<Attachment>;
  list(actor: Actor, query?: AttachmentListQuery): Promise<ListPage<Attachment>>;
  /** Metadata and a stream of the bytes. */
  read(actor: Actor, id: number): Promise<{ attachment: Attachment; body: ReadableStream<Uint8Array> }>;
  /** Staff or the uploader; removes the bytes and writes `attachment_removed`. */
  remove(actor: Actor, id: number): Promise<void>;
}

export interface HistoryApi {
  list(actor: Actor, query?: HistoryListQuery): Promise<ListPage<HistoryEntry>>;
  /** One audit row, under the list's visibility: another customer's ticket or an internal row is not found. */
  get(actor: Actor, id: number): Promise<HistoryEntry>;
}

/** The service returned by {@link createTicketing}. */
export interface Ticketing {
  tickets: TicketsApi;
  comments: CommentsApi;
  attachments: AttachmentsApi;
  history: HistoryApi;
  /** Business calendars, SLA policies and the breach `tick`. */
  sla: SlaApi;
  /** Subscribe with `events.on('ticket.created', handler)`. */
  events: TicketingEmitter;
  /** Configured categories. */
  categories: readonly string[];
  /** The directory in use (store-backed or host-provided), if any. */
  directory: Directory | null;
  /** Upload limit in bytes. */
  uploadLimitBytes: number;
  clock: Clock;
}
