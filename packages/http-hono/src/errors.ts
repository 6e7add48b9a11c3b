import {
  ConflictError,
  ForbiddenError,
  InvalidPageError,
  InvalidTransitionError,
  NotFoundError,
  PayloadTooLargeError,
  SlaValidationError,
  ValidationError,
  type FieldErrors,
} from '@tessera/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
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

/** Core field errors (camelCase keys) in wire names; `nonFieldErrors` becomes `non_field_errors`. */
export function wireFieldErrors(fields: FieldErrors): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(fields)) {
    const name = wireFieldName(key);
    out[name] = [...(out[name] ?? []), ...messages];
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
  if (error instanceof ValidationError) return json(wireFieldErrors(error.fields), 400);
  if (error instanceof InvalidTransitionError) return json({ status: [error.message] }, 400);
  if (error instanceof InvalidPageError) return json({ detail: 'Invalid page.' }, 404);
  if (error instanceof NotFoundError) return json({ detail: 'Not found.' }, 404);
  if (error instanceof ForbiddenError) {
    // Core messages may name fields the TypeScript way (`assignedToId`); say it the wire's way.
    return json({ detail: error.message.replace(/\b[a-z]+(?:[A-Z][a-z]+)+\b/gu, wireFieldName) }, 403);
  }
  if (error instanceof ConflictError) {
    return error.kind === 'precondition'
      ? json({ detail: error.message }, 412, error.currentVersion ? { ETag: `"${error.currentVersion}"` } : {})
      : json({ detail: error.message }, 409);
  }
  if (error instanceof PayloadTooLargeError) return json({ detail: error.message }, 413);
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
