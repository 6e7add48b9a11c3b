import type { BusinessCalendar } from '../sla/calendar.js';
import type { SlaPolicy } from '../sla/policy.js';

/** Calendar fields a store writes (validated by the service; `id` is assigned by the store). */
export type NewBusinessCalendar = Omit<BusinessCalendar, 'id'>;

/** Policy fields a store writes; `position` omitted puts the policy last (greatest position + 1, or 0). */
export type NewSlaPolicy = Omit<SlaPolicy, 'id' | 'position'> & { position?: number };

/** A breach recorded by `TicketStoreTx.recordDueBreaches`: the history row was written in the same transaction. */
export interface RecordedSlaBreach {
  ticketId: number;
  target: 'first_response' | 'resolution';
  dueAt: Date;
  /** The `sla_breached` history row's id. */
  historyId: number;
}

/**
 * Storage of business calendars and SLA policies. Lists are ordered by id (calendars) and by
 * `position`, then id (policies). (The breach recording behind `tick(now)` runs in a ticket
 * transaction: `TicketStoreTx.recordDueBreaches`, so its outbox rows commit with it.)
 *
 * Contract every store keeps (the conformance suite checks it): `deleteCalendar` of a calendar
 * some policy uses rejects with a `ConflictError` and deletes nothing.
 */
export interface SlaStore {
  listCalendars(): Promise<BusinessCalendar[]>;
  getCalendar(id: number): Promise<BusinessCalendar | null>;
  insertCalendar(calendar: NewBusinessCalendar): Promise<BusinessCalendar>;
  /** Replaces every field; null when there is no such calendar. */
  updateCalendar(id: number, calendar: NewBusinessCalendar): Promise<BusinessCalendar | null>;
  /** False when there is no such calendar; `ConflictError` when a policy uses it. */
  deleteCalendar(id: number): Promise<boolean>;

  listPolicies(): Promise<SlaPolicy[]>;
  getPolicy(id: number): Promise<SlaPolicy | null>;
  insertPolicy(policy: NewSlaPolicy): Promise<SlaPolicy>;
  /** Replaces every field (`position` omitted keeps the current one); null when there is no such policy. */
  updatePolicy(id: number, policy: NewSlaPolicy): Promise<SlaPolicy | null>;
  /** False when there is no such policy. Tickets keep its id (their clocks run on until their next change). */
  deletePolicy(id: number): Promise<boolean>;

  /**
   * Optional: both lists, as `listPolicies()` and `listCalendars()` return them. A store that
   * keeps them in memory checks once whether either changed (every create and every view of a
   * ticket with a policy needs both); without it the service calls the two lists.
   */
  listPoliciesAndCalendars?(): Promise<{ policies: SlaPolicy[]; calendars: BusinessCalendar[] }>;
}
