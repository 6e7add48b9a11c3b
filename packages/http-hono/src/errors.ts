import {
  ConflictError,
  ForbiddenError,
  InvalidPageError,
  InvalidTransitionError,
  NotFoundError,
  PayloadTooLargeError,
  QueryTimeoutError,
  SlaValidationError,
  ValidationError,
} from '@tessera/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { drfMessage, forbiddenDetail } from './wire/messages.js';
import { wireFieldName } from './wire/names.js';
import { wireSlaErrors } from './wire/sla.js';

/** A DRF-shaped error body: `{"detail": "..."}` or `{"field": ["message", ...]}`. */
export type ErrorBody = { detail: string } | Record<string, string[]>;

/**
 * An HTTP error raised by the router itself (bad JSON, wrong content type, 401…), already in
 * its wire shape.
 */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super('detail' in body && typeof body.detail === 'string' ? body.detail : 'Invalid request.');
  }

  /** 400 with one message under `field`. */
  static field(field: string, message: string): HttpError {
    return new HttpError(400, { [field]: [message] });
  }
}

/**
 * Core field issues (camelCase keys) as DRF field errors: wire names (`nonFieldErrors` becomes
 * `non_field_errors`) and DRF's English from the one message table.
 */
export function wireFieldErrors(error: ValidationError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, issues] of Object.entries(error.issues)) {
    const name = wireFieldName(key);
    out[name] = [...(out[name] ?? []), ...issues.map((issue) => drfMessage(issue, error.location))];
  }
  return out;
}

/** A logger the router reports unexpected errors to. */
export type ErrorLogger = (error: unknown, c: Context) => void;

/**
 * The one table from errors to HTTP responses. Core errors carry no HTTP knowledge; this is
 * where they get their status. Anything unknown is a 500 that leaks nothing (and is logged).
 */
export function errorResponse(error: unknown, c: Context, log: ErrorLogger): Response {
  const json = (body: ErrorBody, status: ContentfulStatusCode, headers?: Record<string, string>) =>
    c.json(body, status, headers);
  if (error instanceof HttpError) return json(error.body, error.status, error.headers);
  // Calendar and policy errors nest like their input (`{"hours": {"mon": [...]}}`), as DRF's nested serializers do.
  if (error instanceof SlaValidationError) return c.json(wireSlaErrors(error), 400);
  if (error instanceof ValidationError) return json(wireFieldErrors(error), 400);
  if (error instanceof InvalidTransitionError) {
    return json({ status: [`Cannot change status from "${error.from}" to "${error.to}".`] }, 400);
  }
  if (error instanceof InvalidPageError) return json({ detail: 'Invalid page.' }, 404);
  if (error instanceof NotFoundError) return json({ detail: 'Not found.' }, 404);
  if (error instanceof ForbiddenError) return json({ detail: forbiddenDetail(error, wireFieldName) }, 403);
  if (error instanceof ConflictError) {
    return error.kind === 'precondition'
      ? json({ detail: error.message }, 412, error.currentVersion ? { ETag: `"${error.currentVersion}"` } : {})
      : json({ detail: error.message }, 409);
  }
  if (error instanceof PayloadTooLargeError) {
    return json({ detail: `File exceeds the upload limit of ${error.limitBytes} bytes.` }, 413);
  }
  if (error instanceof QueryTimeoutError) {
    // The server is fine; this request asked for too much. Say so, and when to try again.
    return json({ detail: 'The request took too long and was stopped. Try a narrower filter or search.' }, 503, { 'Retry-After': '1' });
  }
  if (error instanceof HTTPException) {
    // Raised by Hono helpers (e.g. the validator on malformed JSON): a client mistake.
    const status = error.status as ContentfulStatusCode;
    return json({ detail: error.message || 'Bad request.' }, status >= 400 && status < 500 ? status : 400);
  }
  log(error, c);
  return json({ detail: 'Internal server error.' }, 500);
}

/** The default logger: one line on stderr with method, path and the stack. */
export const consoleErrorLogger: ErrorLogger = (error, c) => {
  console.error(`[tessera] ${c.req.method} ${c.req.path} failed:`, error);
};
