import type { FieldIssue, ForbiddenError, SlaErrorTree, SlaIssue } from '@tessera/core';

/**
 * DRF's English for core's codes: the one message table of the REST API. `query` words filter
 * errors as django-filter does; `input` words body errors as DRF's serializers do.
 */
export function drfMessage(issue: FieldIssue, location: 'input' | 'query' = 'input'): string {
  const p = issue.params ?? {};
  switch (issue.code) {
    case 'required':
      return 'This field is required.';
    case 'null':
      return 'This field may not be null.';
    case 'blank':
      return 'This field may not be blank.';
    case 'max_length':
      return `Ensure this field has no more than ${p.max} characters.`;
    case 'max_items':
      return `Ensure this field has no more than ${p.max} elements.`;
    case 'min_value':
      return `Ensure this value is greater than or equal to ${p.min}.`;
    case 'max_value':
      return `Ensure this value is less than or equal to ${p.max}.`;
    case 'invalid_choice':
      return location === 'query'
        ? `Select a valid choice. ${p.input} is not one of the available choices.`
        : `"${p.input}" is not a valid choice.`;
    case 'invalid_type':
      if (location === 'query' && p.expected === 'boolean') return 'Must be "true" or "false".';
      if (p.expected === 'number') return 'A valid number is required.';
      if (p.expected === 'boolean') return 'Must be a valid boolean.';
      if (p.expected === 'string') return 'Not a valid string.';
      if (p.expected === 'object') return `Invalid data. Expected a dictionary.`;
      return `Expected ${p.expected}.`;
    case 'invalid_integer':
      return 'A valid integer is required.';
    case 'invalid_datetime':
      return location === 'query'
        ? 'Enter a valid date (YYYY-MM-DD) or ISO 8601 timestamp.'
        : 'Datetime has wrong format. Use ISO 8601: YYYY-MM-DDThh:mm[:ss[.uuu]]Z or YYYY-MM-DD.';
    case 'date_out_of_range':
      return 'Date is out of range: years 0001 to 9999 only.';
    case 'unsafe_text':
      return 'Text must not contain NUL characters or unpaired surrogates.';
    case 'does_not_exist':
      return `Invalid pk "${p.pk}" - object does not exist.`;
    case 'not_staff':
      return `User ${p.pk} is not a staff user.`;
    case 'invalid_ordering':
      return `Invalid ordering. Use one of ${p.choices}, with "-" for descending.`;
    case 'too_many_terms':
      return `Ensure the search has no more than ${p.max} terms.`;
    case 'unique':
      return 'This value already exists.';
    default:
      return typeof p.message === 'string' ? p.message : 'Invalid value.';
  }
}

/** DRF-style `detail` of a 403, from the reason core gives. Field names are the wire's. */
export function forbiddenDetail(error: ForbiddenError, wireName: (field: string) => string): string {
  switch (error.reason) {
    case 'staff_only':
      return `Customers cannot ${error.params.action}.`;
    case 'staff_only_field':
      return `Customers cannot change ${wireName(error.params.field ?? '')}.`;
    case 'other_customer':
      return 'Customers cannot file tickets for another customer.';
    case 'internal_comment':
      return 'Customers cannot write internal comments.';
    case 'not_uploader':
      return 'Only staff or the uploader can remove an attachment.';
    default:
      return 'You do not have permission to perform this action.';
  }
}

/**
 * DRF's English for core's coded validation issues. Core attaches a stable `code` and the values a
 * message mentions (`params`); the wire words them the way Django REST Framework's fields do. A
 * code without an entry keeps core's own (already English) message.
 */
const MESSAGES: Partial<Record<SlaIssue['code'], (p: Record<string, string | number>) => string>> = {
  required: () => 'This field is required.',
  blank: () => 'This field may not be blank.',
  unknown_time_zone: (p) => `"${p.value}" is not a valid time zone.`,
  unknown_priority: (p) => `"${p.value}" is not a valid choice.`,
  unknown_status: (p) => `"${p.value}" is not a valid choice.`,
  unknown_day: (p) => `"${p.value}" is not a day of the week; use mon, tue, wed, thu, fri, sat, sun.`,
  invalid_date: (p) => `Date has wrong format. Use one of these formats instead: YYYY-MM-DD (got "${p.value}").`,
};

/** One coded issue in the wire's words. */
export function wireMessage(issue: SlaIssue): string {
  const word = MESSAGES[issue.code];
  return word ? word(issue.params ?? {}) : issue.message;
}

/**
 * A nested core error tree as DRF renders nested serializers: keys renamed to wire names by
 * `rename` (which sees the core keys above it; e.g. `firstResponseMinutes` → `first_response_minutes`), messages in DRF's words.
 */
export function wireErrorTree(
  tree: SlaErrorTree,
  rename: (key: string, parents: readonly string[]) => string,
  parents: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, node] of Object.entries(tree)) {
    out[rename(key, parents)] = Array.isArray(node) ? node.map(wireMessage) : wireErrorTree(node, rename, [...parents, key]);
  }
  return out;
}
