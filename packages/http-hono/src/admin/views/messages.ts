import {
  ConflictError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  PayloadTooLargeError,
  ValidationError,
  fieldLabel,
  formatFileSize,
  TICKET_FIELDS,
  type FieldIssue,
  type TicketFieldCatalogue,
} from '@tessera/core';
import { humanize } from './html.js';

/** A core field name as the admin labels it (`assignedToId` → `Assigned to`). */
function fieldName(field: string): string {
  const spec = (TICKET_FIELDS as TicketFieldCatalogue)[field];
  return spec ? fieldLabel(spec) : humanize(field.replace(/[A-Z]/gu, (ch) => `_${ch.toLowerCase()}`));
}

/** The admin UI's wording of core's validation codes (plain sentences, not DRF's). */
export function adminIssueMessage(issue: FieldIssue): string {
  const p = issue.params ?? {};
  switch (issue.code) {
    case 'required':
      return 'Please fill in this field.';
    case 'null':
      return 'Please give a value.';
    case 'blank':
      return 'Please write something here (spaces alone do not count).';
    case 'max_length':
      return `Keep this under ${p.max} characters.`;
    case 'max_items':
      return `Use at most ${p.max} entries.`;
    case 'min_value':
      return `Use ${p.min} or more.`;
    case 'max_value':
      return `Use ${p.max} or less.`;
    case 'invalid_choice':
      return `"${p.input}" is not one of the options.`;
    case 'invalid_type':
      return p.expected === 'boolean' ? 'Must be true or false.' : p.expected === 'number' ? 'Enter a number.' : 'This value has the wrong type.';
    case 'invalid_integer':
      return 'Enter a whole number (an id).';
    case 'invalid_datetime':
      return 'Enter a date as YYYY-MM-DD, or a date and time.';
    case 'date_out_of_range':
      return 'Dates must fall in the years 0001 to 9999.';
    case 'unsafe_text':
      return 'Remove the invisible control characters from this text.';
    case 'does_not_exist':
      return `Nothing with id ${p.pk} exists.`;
    case 'not_staff':
      return `User #${p.pk} is not a staff member; only staff can be assigned.`;
    case 'invalid_ordering':
      return `Invalid ordering field "${p.input}". Choose one of: ${p.choices}.`;
    case 'too_many_terms':
      return `Search for at most ${p.max} words at once.`;
    case 'unique':
      return 'This value is already taken.';
    default:
      return typeof p.message === 'string' ? p.message : 'This value is not valid.';
  }
}

/** The admin wording of every issue under `field` of a validation error. */
export function issueMessages(err: ValidationError, field: string): string[] | undefined {
  return err.issues[field]?.map(adminIssueMessage);
}

/** The admin wording of any core error (flash messages, bulk results, error pages). */
export function adminErrorText(err: Error): string {
  if (err instanceof ValidationError) {
    return Object.entries(err.issues)
      .map(([field, issues]) => `${fieldName(field)}: ${issues.map(adminIssueMessage).join(' ')}`)
      .join(' ');
  }
  if (err instanceof ForbiddenError) {
    switch (err.reason) {
      case 'staff_only':
        return `Only staff can ${err.params.action}.`;
      case 'staff_only_field':
        return `Only staff can change ${fieldName(err.params.field ?? '')}.`;
      case 'other_customer':
        return 'Customers can file tickets only for their own organisation.';
      case 'internal_comment':
        return 'Only staff can write internal notes.';
      case 'not_uploader':
        return 'Only staff or the person who uploaded it can remove this file.';
      default:
        return 'You are not allowed to do this.';
    }
  }
  if (err instanceof NotFoundError) return `That ${err.resource} does not exist (or is not visible to you).`;
  if (err instanceof InvalidTransitionError) return `Cannot change status from "${err.from}" to "${err.to}".`;
  if (err instanceof PayloadTooLargeError) return `The file is larger than the ${formatFileSize(err.limitBytes)} limit.`;
  if (err instanceof ConflictError) return 'Someone else changed this in the meantime; reload and try again.';
  return err.message;
}
