import { ConflictError, StoreError, TesseraError, ValidationError } from '@tessera/core';

interface PgErrorLike {
  code?: string;
  message?: string;
  detail?: string;
  constraint?: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

function isPgError(error: unknown): error is PgErrorLike {
  return typeof error === 'object' && error !== null && 'code' in error;
}

/** A failure to reach or log in to the server, as a `StoreError` naming `host:port`. */
export function connectionError(error: unknown, target: string): StoreError {
  if (error instanceof StoreError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StoreError(`Cannot connect to PostgreSQL at ${target}: ${reason}`, { cause: error });
}

/**
 * Whether the error came from the server or the connection (and so should be mapped); errors
 * thrown by a transaction's own callback are rethrown untouched.
 */
export function isDriverError(error: unknown): boolean {
  if (!isPgError(error) || typeof error.code !== 'string') return false;
  return NETWORK_CODES.has(error.code) || /^[0-9A-Z]{5}$/u.test(error.code);
}

/**
 * Whether the server answered with an error (a SQLSTATE, or one of core's errors mapped from
 * one), so the transaction is known not to have committed — unlike a connection lost before the
 * answer, after which nobody knows.
 */
export function refusedByServer(error: unknown): boolean {
  if (error instanceof TesseraError && !(error instanceof StoreError)) return true;
  return isPgError(error) && typeof error.code === 'string' && /^[0-9A-Z]{5}$/u.test(error.code);
}

/** Whether the server rejected a write as a duplicate key (unique violation). */
export function isUniqueViolation(error: unknown): boolean {
  return isPgError(error) && error.code === '23505';
}

/** Whether the server rejected a write for referencing a missing row (foreign-key violation). */
export function isForeignKeyViolation(error: unknown): boolean {
  return isPgError(error) && error.code === '23503';
}

/** Whether the error is worth re-running the transaction for (the database chose a victim). */
export function isRetryable(error: unknown): boolean {
  return isPgError(error) && (error.code === '40001' || error.code === '40P01');
}

/**
 * Maps driver errors to core's typed errors. Tessera's own errors pass through untouched;
 * anything unrecognised becomes a `StoreError` that keeps the original as `cause`.
 */
export function mapPgError(error: unknown, target: string, schema: string): Error {
  if (error instanceof TesseraError) return error;
  if (!isPgError(error)) {
    return new StoreError(`PostgreSQL store failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const code = error.code ?? '';
  if (NETWORK_CODES.has(code) || code.startsWith('08') || code === '57P01' || code === '57P03') {
    return connectionError(error, target);
  }
  if (code === '28000' || code === '28P01' || code === '3D000') return connectionError(error, target);
  if (code === '42P01' || code === '3F000') {
    return new StoreError(
      `Tessera's tables are missing in schema "${schema}" on ${target}; run \`await store.migrate()\` first.`,
      { cause: error },
    );
  }
  if (code === '23505') {
    if (error.constraint === 'users_email_key') {
      return ValidationError.field('email', 'A user with this email already exists.');
    }
    return new ConflictError(`Conflicting write: ${error.detail ?? error.message ?? 'duplicate key'}`);
  }
  if (code === '23503') return new ConflictError(`Conflicting write: ${error.detail ?? error.message ?? 'missing reference'}`);
  if (code === '40001' || code === '40P01') {
    return new ConflictError(`Concurrent write conflict, please retry: ${error.message ?? code}`);
  }
  // NUL characters and invalid byte sequences cannot be stored in PostgreSQL text.
  if (code === '22021' || code === '22P05') {
    return new ValidationError({ nonFieldErrors: ['Text contains characters PostgreSQL cannot store (NUL).'] });
  }
  if (code === '22003') return new ValidationError({ nonFieldErrors: ['A number is out of range.'] });
  return new StoreError(`PostgreSQL error ${code}: ${error.message ?? ''}`, { cause: error });
}
