import type { Actor } from '../domain/model.js';
import type { RecordedSlaBreach } from '../ports/sla-store.js';
import type { BusinessCalendar, BusinessCalendarInput } from '../sla/calendar.js';
import type { SlaPolicy, SlaPolicyInput } from '../sla/policy.js';

/**
 * Business calendars (staff only). Input is validated field by field; errors are
 * `SlaValidationError`s nested like the input (`{ hours: { mon: [...] } }`). Unknown keys are ignored.
 */
export interface SlaCalendarsApi {
  /** Every calendar, by id. */
  list(actor: Actor): Promise<BusinessCalendar[]>;
  get(actor: Actor, id: number): Promise<BusinessCalendar>;
  create(actor: Actor, input: BusinessCalendarInput): Promise<BusinessCalendar>;
  /** Full replacement (PUT): `name`, `timezone` and `hours` required; `holidays` omitted = none. */
  update(actor: Actor, id: number, input: BusinessCalendarInput): Promise<BusinessCalendar>;
  /** Partial update (PATCH): fields left out keep their value. */
  patch(actor: Actor, id: number, input: Partial<BusinessCalendarInput>): Promise<BusinessCalendar>;
  /** `ConflictError` while a policy uses the calendar. */
  delete(actor: Actor, id: number): Promise<void>;
}

/**
 * SLA policies (staff only), in evaluation order (`position`, then id). A `calendarId` that does not
 * exist, or whose calendar has no open time at all, is a validation error under `calendarId`.
 * Editing a policy affects a ticket at its next change.
 */
export interface SlaPoliciesApi {
  list(actor: Actor): Promise<SlaPolicy[]>;
  get(actor: Actor, id: number): Promise<SlaPolicy>;
  /** `position` omitted puts the policy last. */
  create(actor: Actor, input: SlaPolicyInput): Promise<SlaPolicy>;
  /** Full replacement (PUT): `name` required; omitted fields take their defaults (`position` omitted keeps it). */
  update(actor: Actor, id: number, input: SlaPolicyInput): Promise<SlaPolicy>;
  /** Partial update (PATCH): fields left out keep their value. */
  patch(actor: Actor, id: number, input: Partial<SlaPolicyInput>): Promise<SlaPolicy>;
  delete(actor: Actor, id: number): Promise<void>;
}

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
   * row each, in one transaction, then one `sla.breached` event each after commit. Idempotent and safe to run from many processes at the same moment:
   * each breach is recorded exactly once. Reads never wait for a tick (they evaluate clocks at read time).
   */
  tick(now?: Date): Promise<SlaTickResult>;
}
