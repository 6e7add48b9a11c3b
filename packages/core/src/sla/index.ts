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
