/**
 * Typed errors raised by the core. They carry no HTTP knowledge; the http package maps
 * each class to a status in one table.
 */
export class TesseraError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Why a field was refused. Core never words its errors for end users: adapters render these
 * codes (the REST API in DRF's English, the admin UI in its own words).
 * - `required` / `null` / `blank`: missing, `null` where not allowed, empty after trimming.
 * - `max_length` `{max}` (characters), `max_items` `{max}` (list entries),
 *   `min_value` / `max_value` `{min}` / `{max}` (numbers).
 * - `invalid_choice` `{input}`: not one of the field's choices.
 * - `invalid_type` `{expected}`: e.g. `number`, `integer`, `boolean`, `string`, `object`.
 * - `invalid_integer`: a text value that is not a positive integer (query strings, forms).
 * - `invalid_datetime` `{input}`: not in the date grammar (see `parseDateTime`).
 * - `date_out_of_range` `{input}`: a date outside years 0001–9999.
 * - `unsafe_text`: NUL or unpaired surrogates.
 * - `does_not_exist` `{pk}`: an id naming nothing. `not_staff` `{pk}`: an assignee who is not staff.
 * - `invalid_ordering` `{input, choices}`: an unknown ordering field.
 * - `too_many_terms` `{max}`: a search with more terms than allowed.
 * - `invalid` `{message}`: anything else, with a developer's description (e.g. from a store).
 */
export type ValidationCode =
  | 'required'
  | 'null'
  | 'blank'
  | 'max_length'
  | 'max_items'
  | 'min_value'
  | 'max_value'
  | 'invalid_choice'
  | 'invalid_type'
  | 'invalid_integer'
  | 'invalid_datetime'
  | 'date_out_of_range'
  | 'unsafe_text'
  | 'does_not_exist'
  | 'not_staff'
  | 'invalid_ordering'
  | 'too_many_terms'
  | 'unique'
  | 'invalid';

/** One reason a field was refused: a code and the values an adapter needs to word it. */
export interface FieldIssue {
  readonly code: ValidationCode;
  readonly params?: Readonly<Record<string, string | number>>;
}

/** Issues per field, keyed by field name (camelCase as in the TypeScript API); `nonFieldErrors` for the rest. */
export type FieldIssues = Record<string, FieldIssue[]>;

/** Per-field developer descriptions (see {@link ValidationError.fields}). */
export type FieldErrors = Record<string, string[]>;

/** A developer's one-line description of an issue (logs, `Error.message`); not wording for end users. */
export function describeIssue(issue: FieldIssue): string {
  if (issue.code === 'invalid' && typeof issue.params?.message === 'string') return issue.params.message;
  const params = Object.entries(issue.params ?? {})
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
  return params ? `${issue.code} (${params})` : issue.code;
}

function toIssues(fields: FieldIssues | FieldErrors): FieldIssues {
  const out: FieldIssues = {};
  for (const [field, list] of Object.entries(fields)) {
    out[field] = (list as (FieldIssue | string)[]).map((item) =>
      typeof item === 'string' ? { code: 'invalid', params: { message: item } } : item,
    );
  }
  return out;
}

/**
 * Input failed validation. `issues` maps each offending field to its coded issues; every field
 * that failed is reported, not just the first.
 */
export class ValidationError extends TesseraError {
  readonly issues: FieldIssues;
  /**
   * Where the input came from: `query` for list filters (adapters may word those as filter
   * errors, as django-filter does), `input` for everything else.
   */
  readonly location: 'input' | 'query';

  /** `fields` may hold coded issues or, for adapters without codes, plain descriptions (code `invalid`). */
  constructor(fields: FieldIssues | FieldErrors, options: { location?: 'input' | 'query' } = {}) {
    const issues = toIssues(fields);
    super(
      'Invalid input: ' +
        Object.entries(issues)
          .map(([k, v]) => `${k}: ${v.map(describeIssue).join('; ')}`)
          .join('; '),
    );
    this.issues = issues;
    this.location = options.location ?? 'input';
  }

  /** Developer descriptions per field ({@link describeIssue}); render `issues` for end users. */
  get fields(): FieldErrors {
    return Object.fromEntries(Object.entries(this.issues).map(([k, v]) => [k, v.map(describeIssue)]));
  }

  /** Shorthand for a single coded issue. */
  static of(field: string, code: ValidationCode, params?: Record<string, string | number>): ValidationError {
    return new ValidationError({ [field]: [params ? { code, params } : { code }] });
  }

  /** Shorthand for a single-field error described in free text (code `invalid`). */
  static field(field: string, message: string): ValidationError {
    return new ValidationError({ [field]: [message] });
  }
}

/** The thing asked for does not exist, or the actor may not know that it exists. */
export class NotFoundError extends TesseraError {
  constructor(
    readonly resource: 'ticket' | 'comment' | 'attachment' | 'history' | 'user' | 'customer' | 'calendar' | 'sla policy',
    readonly id: number | string,
  ) {
    super(`${resource[0]!.toUpperCase()}${resource.slice(1)} ${id} not found.`);
  }
}

/**
 * Why an action was forbidden (adapters word it):
 * - `staff_only` `{action}`: only staff may do this (e.g. `assign tickets`).
 * - `staff_only_field` `{field}`: a customer changed a staff-only field (camelCase name).
 * - `other_customer`: a customer filing a ticket for another customer.
 * - `internal_comment`: a customer writing an internal comment.
 * - `not_uploader`: removing an attachment one neither uploaded nor may manage.
 * - `denied`: anything else.
 */
export type ForbiddenReason = 'staff_only' | 'staff_only_field' | 'other_customer' | 'internal_comment' | 'not_uploader' | 'denied';

/** The actor is known but not allowed to do this. */
export class ForbiddenError extends TesseraError {
  constructor(
    readonly reason: ForbiddenReason = 'denied',
    readonly params: Readonly<Record<string, string>> = {},
  ) {
    super(`Forbidden: ${reason}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`);
  }
}

/**
 * A write lost a race: the ticket's version is not the one the caller expected
 * (`kind: 'precondition'`, HTTP 412) or the store reported a conflicting write (`kind: 'conflict'`, 409).
 */
export class ConflictError extends TesseraError {
  constructor(
    message: string,
    readonly kind: 'precondition' | 'conflict' = 'conflict',
    readonly currentVersion?: number,
  ) {
    super(message);
  }
}

/** The lifecycle forbids moving a ticket from `from` to `to`. */
export class InvalidTransitionError extends TesseraError {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`Cannot change status from "${from}" to "${to}".`);
  }
}

/** An upload is larger than the configured limit. */
export class PayloadTooLargeError extends TesseraError {
  constructor(readonly limitBytes: number) {
    super(`File exceeds the upload limit of ${limitBytes} bytes.`);
  }
}

/** A store could not be opened or used (bad path, corrupt file, unreachable server…). */
export class StoreError extends TesseraError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message);
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

/**
 * A query ran past the store's time budget and was stopped (PostgreSQL `statement_timeout`, the
 * SQLite store's query budget). Nothing was written; the caller may retry, ideally with a
 * narrower filter or search. The HTTP layer answers 503.
 */
export class QueryTimeoutError extends StoreError {
  constructor(
    /** The budget that was exceeded, in ms. */
    readonly budgetMs: number,
    options?: { cause?: unknown },
  ) {
    super(`The query took longer than its ${budgetMs} ms budget and was stopped.`, options);
  }
}

/** A page number past the last page of a list. */
export class InvalidPageError extends TesseraError {
  constructor(readonly page: number) {
    super('Invalid page.');
  }
}
