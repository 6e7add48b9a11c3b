import type { Actor } from '../domain/model.js';
import type { RecordedSlaBreach } from '../ports/sla-store.js';
import type { BusinessCalendar, BusinessCalendarInput } from '../sla/calendar.js';
import type { SlaPolicy, SlaPolicyInput } from '../sla/policy.js';

/**
 * The CRUD of one kind of SLA setting (staff only). Input is validated field by field; errors are
 * `SlaValidationError`s nested like the input. Unknown keys are ignored.
 */
export interface SlaSettingsApi<T, Input> {
  /** Every row, in the kind's order. */
  list(actor: Actor): Promise<T[]>;
  get(actor: Actor, id: number): Promise<T>;
  create(actor: Actor, input: Input): Promise<T>;
  /** Full replacement (PUT); which fields it requires is the kind's. */
  update(actor: Actor, id: number, input: Input): Promise<T>;
  /** Partial update (PATCH): fields left out keep their value. */
  patch(actor: Actor, id: number, input: Partial<Input>): Promise<T>;
  delete(actor: Actor, id: number): Promise<void>;
}

/**
 * Business calendars, by id. Errors nest like the input (`{ hours: { mon: [...] } }`). PUT requires
 * `name`, `timezone` and `hours` (`holidays` omitted = none). Deleting a calendar a policy uses is a
 * `ConflictError`.
 */
export type SlaCalendarsApi = SlaSettingsApi<BusinessCalendar, BusinessCalendarInput>;

/**
 * SLA policies, in evaluation order (`position`, then id). A `calendarId` that does not exist, or
 * whose calendar has no open time at all, is a validation error under `calendarId`. `create` with
 * `position` omitted puts the policy last; PUT requires `name`, omitted fields take their defaults
 * (`position` omitted keeps it). Editing a policy affects a ticket at its next change.
 */
export type SlaPoliciesApi = SlaSettingsApi<SlaPolicy, SlaPolicyInput>;

/** What one `tick` recorded. */
export interface SlaTickResult {
  /** Breaches newly recorded by this call (each has its `sla_breached` history row); empty when another process got them first. */
  breaches: RecordedSlaBreach[];
}

/** The SLA part of the service: `ticketing.sla`. */
export interface SlaApi {
  calendars: SlaCalendarsApi;
  policies: SlaPoliciesApi;
  /**
   * Records every breach due before `now` (default: the service clock) that is not recorded yet:
   * one `sla_breached` history row per missed target (user null) and one `sla.breached` outbox
   * row each, committed in transactions of at most 1,000 breaches per target (earliest due
   * first), each batch's `sla.breached` events emitted after its commit. Idempotent and safe to run
   * from many processes at the same moment: each breach is recorded exactly once. Reads never wait
   * for a tick (they evaluate clocks at read time).
   */
  tick(now?: Date): Promise<SlaTickResult>;
}
