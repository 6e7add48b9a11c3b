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

/** Per-field messages, keyed by field name (camelCase as in the TypeScript API); `nonFieldErrors` for the rest. */
export type FieldErrors = Record<string, string[]>;

/** Input failed validation. `fields` maps each offending field to its messages. */
export class ValidationError extends TesseraError {
  constructor(readonly fields: FieldErrors) {
    super(
      'Invalid input: ' +
        Object.entries(fields)
          .map(([k, v]) => `${k}: ${v.join(' ')}`)
          .join('; '),
    );
  }

  /** Shorthand for a single-field error. */
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

/** The actor is known but not allowed to do this. */
export class ForbiddenError extends TesseraError {
  constructor(message = 'You do not have permission to perform this action.') {
    super(message);
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

/** A page number past the last page of a list. */
export class InvalidPageError extends TesseraError {
  constructor(readonly page: number) {
    super('Invalid page.');
  }
}
