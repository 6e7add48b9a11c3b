import type { ActorRole, FirstResponseClock, HistoryAction, ResolutionClock, TicketPriority, TicketStatus } from './enums.js';

/** The user a service call acts for. Customers are scoped to their own customer's tickets. */
export interface Actor {
  id: number;
  role: ActorRole;
  /** For `customer` actors: the customer they belong to. */
  customerId?: number | null;
}

/** A ticket as stored. Timestamps are `Date`s in UTC; hours are plain numbers. */
export interface Ticket {
  id: number;
  /** Sequence value the ticket number was formatted from; increases with `id`. */
  sequence: number;
  ticketNumber: string;
  subject: string;
  description: string;
  status: TicketStatus;
  priority: TicketPriority;
  category: string;
  customerId: number;
  assignedToId: number | null;
  createdById: number;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  dueDate: Date | null;
  estimatedHours: number | null;
  actualHours: number | null;
  /** Normalised tags (trimmed, lower-case, de-duplicated, order kept). */
  tags: string[];
  /** Time of the first public staff comment (the response-time metric); maintained by the service. */
  firstResponseAt: Date | null;
  /** Optimistic-concurrency version; every change increments it. Starts at 1. */
  version: number;
  /** The SLA policy chosen for the ticket (null: none applies). Maintained by the service. */
  slaPolicyId: number | null;
  /** First-response clock: `none` (no target), `running`, `stopped` (responded, or resolved/closed first). */
  slaFirstResponseClock: FirstResponseClock;
  /** Creation + the first-response target in business time. */
  slaFirstResponseDueAt: Date | null;
  /** The first-response breach is recorded (history row written). Reads also count a running clock past due. */
  slaFirstResponseBreached: boolean;
  /** Resolution clock: `none` (no target), `running`, `paused` (pause status), `fulfilled` (resolved/closed). */
  slaResolutionClock: ResolutionClock;
  /** Resolution due time; null while paused or without a target, kept after fulfilment. */
  slaResolutionDueAt: Date | null;
  /** Business milliseconds counted in finished running segments of the resolution clock. */
  slaResolutionElapsedMs: number;
  /** Start of the resolution clock's current running segment (null unless running). */
  slaResolutionRunningSince: Date | null;
  /** The resolution breach is recorded (history row written). */
  slaResolutionBreached: boolean;
  /**
   * The instant from which the ticket reads as breached (derived from the fields above, stored so
   * "breached now" is one indexed comparison, `slaBreachAt < now`): the epoch when a breach is
   * recorded, else the earliest due time of a running clock, else null.
   */
  slaBreachAt: Date | null;
}

/** A comment on a ticket. Internal comments are hidden from customers. */
export interface Comment {
  id: number;
  ticketId: number;
  authorId: number;
  content: string;
  isInternal: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Metadata of an uploaded file; the bytes live in the blob store under `blobKey`. */
export interface Attachment {
  id: number;
  ticketId: number;
  filename: string;
  fileSize: number;
  contentType: string;
  description: string;
  uploadedById: number;
  uploadedAt: Date;
  blobKey: string;
}

/** One audit-trail row. Values are strings or null. */
export interface HistoryEntry {
  id: number;
  ticketId: number;
  /** The acting user; null for rows the system writes (`sla_breached`). */
  userId: number | null;
  action: HistoryAction;
  fieldName: string | null;
  oldValue: string | null;
  newValue: string | null;
  timestamp: Date;
  /** True for rows about internal comments: hidden from customers. */
  isInternal: boolean;
}

/** Metrics derived from a ticket: response and resolution times in hours, overdue state. */
export interface TicketMetrics {
  firstResponseAt: Date | null;
  responseTimeHours: number | null;
  resolutionTimeHours: number | null;
  isOverdue: boolean;
}

/** A person from the host's directory. */
export interface UserRecord {
  id: number;
  name: string;
  email: string;
  role: ActorRole;
  /** For customer users: the customer they belong to. */
  customerId: number | null;
}

/** A customer (organisation or person) tickets are filed for. */
export interface CustomerRecord {
  id: number;
  name: string;
  email: string;
}

/** Reference shown in `*_details` fields. */
export interface PartyDetails {
  id: number;
  name: string;
  email: string;
}
