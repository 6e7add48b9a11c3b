/**
 * Service levels: business calendars, business-time arithmetic, SLA policies and the pure clock
 * model that stores persist.
 */
export {
  WEEKDAYS,
  businessCalendarInputSchema,
  parseBusinessCalendarInput,
  type BusinessCalendar,
  type BusinessCalendarInput,
  type LocalInterval,
  type Weekday,
} from './calendar.js';
export {
  NoBusinessTimeError,
  addBusinessMilliseconds,
  addBusinessMinutes,
  businessMillisecondsBetween,
  businessMinutesBetween,
  calendarHasOpenTime,
  type CalendarLike,
} from './business-time.js';
export { SlaValidationError, type SlaErrorTree, type SlaIssue, type SlaIssueCode } from './validation.js';
export {
  MAX_SLA_TARGET_MINUTES,
  compareSlaPolicies,
  parseSlaPolicyInput,
  slaPolicyMatches,
  selectSlaPolicy,
  slaPolicyInputSchema,
  slaTargetsFor,
  type SlaMatch,
  type SlaPolicy,
  type SlaPolicyInput,
  type SlaTarget,
  type SlaTicketFacts,
} from './policy.js';
export {
  NO_SLA,
  applySlaFirstResponse,
  applySlaStatusChange,
  evaluateSla,
  recordOverdueSlaBreaches,
  replaySlaClocks,
  startSlaClocks,
  type SlaBreach,
  type SlaClockContext,
  type SlaClockState,
  type SlaReplayInput,
  type SlaStatus,
  type SlaStatusTransition,
  type SlaUpdate,
  type SlaView,
} from './clock.js';
export { computeSlaBusinessMetrics, type SlaBusinessMetrics } from './metrics.js';
export { isKnownTimeZone } from './zone-offsets.js';
export {
  NO_SLA_TICKET_FIELDS,
  RECORDED_BREACH_AT,
  slaBreachAt,
  SLA_TICKET_FIELDS,
  changedSlaFields,
  slaClockStateOf,
  slaTicketFields,
  type SlaTicketFieldName,
  type SlaTicketFields,
} from './ticket-state.js';
export { countSla, emptySlaStatistics, matchesSlaFilter } from './ticket-query.js';
