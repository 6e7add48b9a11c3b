import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { validate } from '../wire/validation.js';

/** Component schemas a route can answer with (the generator defines each from its zod schema). */
export type ResponseComponent =
  | 'Ticket'
  | 'TicketDetail'
  | 'Comment'
  | 'Attachment'
  | 'HistoryEntry'
  | 'Statistics'
  | 'Percentiles'
  | 'TicketPage'
  | 'CommentPage'
  | 'AttachmentPage'
  | 'HistoryPage'
  | 'Webhook'
  | 'WebhookCreated'
  | 'WebhookPage'
  | 'DeliveryPage'
  | 'PingQueued'
  | 'Calendar'
  | 'CalendarPage'
  | 'SlaPolicy'
  | 'SlaPolicyPage';

/**
 * What the OpenAPI document says about one route, beyond what its validators already tell
 * (path, method, query and body schemas come from the registered route itself).
 */
export interface OperationDoc {
  summary: string;
  tag: 'tickets' | 'comments' | 'attachments' | 'history' | 'webhooks' | 'calendars' | 'sla-policies';
  /** Success status and the component schema of its body (null: no JSON body). */
  ok: readonly [status: 200 | 201 | 202 | 204, schema: ResponseComponent | null];
  /** Honours `If-Match` (412 when stale). */
  etag?: boolean;
  /** Honours `If-None-Match` (304 when current). */
  conditional?: boolean;
  /** Honours `Idempotency-Key` (replays, 409 while running, 422 on a different body). */
  idempotent?: boolean;
}

/** The request part a validator checks, as the OpenAPI generator reads it. */
export interface InputDoc {
  query?: z.ZodObject;
  /** The request body and the name of its component schema. */
  body?: { schema: z.ZodType; component: string; media: 'json' | 'multipart' };
}

/** Documentation carried by a route's handlers: merged per route by the OpenAPI generator. */
export type HandlerDoc = { operation?: OperationDoc } & InputDoc;

const DOC = Symbol.for('tessera.openapi');

function tag<T extends object>(handler: T, doc: HandlerDoc): T {
  const own = (handler as { [DOC]?: HandlerDoc })[DOC];
  Object.defineProperty(handler, DOC, { value: { ...own, ...doc }, configurable: true });
  return handler;
}

/** The documentation a handler carries, if any. */
export function docOf(handler: unknown): HandlerDoc | undefined {
  return typeof handler === 'function' ? (handler as { [DOC]?: HandlerDoc })[DOC] : undefined;
}

/**
 * Marks a route's handler chain with its OpenAPI operation (on the last handler), so the document
 * is generated from the routes as registered: one statement per route, no second list.
 */
export function documented<T extends readonly unknown[]>(doc: OperationDoc, handlers: T): T {
  const last = handlers.at(-1);
  if (typeof last === 'function') tag(last, { operation: doc });
  return handlers;
}

/** A validator whose target may be left out by typed clients (`hc`): every query field is optional. */
type OptionalTarget<M> =
  M extends MiddlewareHandler<infer E, infer P, infer I, infer R>
    ? MiddlewareHandler<E, P, { in: Partial<NonNullable<I['in']>>; out: NonNullable<I['out']> }, R>
    : never;

/**
 * Validates the query string with `schema` and documents its parameters. Query parameters are
 * all optional, so `hc` clients may call `$get()` without `{ query: {} }`.
 */
export function queryInput<T extends z.ZodObject>(schema: T) {
  return tag(validate('query', schema), { query: schema }) as unknown as OptionalTarget<ReturnType<typeof validate<T, 'query'>>>;
}

/**
 * Validates the JSON (or form-encoded) body with `schema` and documents it as the request body,
 * under the component name `component`.
 */
export function jsonInput<T extends z.ZodType>(schema: T, component: string) {
  return tag(validate('json', schema), { body: { schema, component, media: 'json' } });
}

/** Validates a multipart upload with `schema` and documents it as the request body (`component`). */
export function multipartInput<T extends z.ZodType>(schema: T, component: string) {
  return tag(validate('form', schema), { body: { schema, component, media: 'multipart' } });
}

/**
 * Documents the JSON body as `component` without validating it here: for endpoints whose input the
 * core validates itself, reporting nested errors (`{"hours": {"mon": [...]}}`) a flat validator
 * could not.
 */
export function describedBody<T extends z.ZodType>(schema: T, component: string): MiddlewareHandler {
  const passThrough: MiddlewareHandler = async (_c, next) => {
    await next();
  };
  return tag(passThrough, { body: { schema, component, media: 'json' } });
}
