import { PayloadTooLargeError, readBoundedBody } from '@tessera/core';
import type { MiddlewareHandler } from 'hono';
import { HttpError } from './errors.js';
import { formToObject } from './form-fields.js';

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/iu;
/** Form encodings DRF parses on every endpoint besides JSON. */
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/** Media type of a request, lower-cased, without parameters ('' when absent). */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Reads a request body as bytes, refusing (413) as soon as the declared length or the bytes read
 * cross `maxBytes`, so an oversized body is never buffered whole.
 */
export async function readBounded(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return new Uint8Array(0);
  // HTTP/1.1 framing holds a body to its declared length, so a declared body that fits is read whole.
  if (declared !== null && !request.headers.has('transfer-encoding')) return new Uint8Array(await request.arrayBuffer());
  try {
    return await readBoundedBody(request.body, maxBytes);
  } catch (error) {
    throw error instanceof PayloadTooLargeError ? tooLarge(maxBytes) : error;
  }
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, { detail: `Request body exceeds ${maxBytes} bytes.` });
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (value === null) return 'null';
  return typeof value === 'string' ? 'str' : typeof value === 'number' ? 'int' : typeof value;
}

/**
 * Guards JSON endpoints before the zod validator runs. A non-empty body must be JSON or, as DRF
 * also accepts, a form (urlencoded or multipart, values coerced per field); any other type is 400.
 * JSON must parse (400 "JSON parse error"), be an object (400 under `non_field_errors`, DRF's
 * wording) and fit in `maxBytes` (413). An empty body counts as `{}` as in DRF. The parsed
 * text is left in Hono's body cache for the validator.
 */
export function jsonBody(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    const bytes = await readBounded(c.req.raw, maxBytes);
    const type = mediaType(c.req.header('content-type'));
    let text = '{}';
    if (bytes.byteLength > 0 && FORM_TYPES.has(type)) {
      text = JSON.stringify(formToObject(await parseForm(c.req.raw, bytes, type)));
    } else if (bytes.byteLength > 0) {
      if (!JSON_TYPE.test(type)) {
        throw new HttpError(400, { detail: `Unsupported media type "${type || 'none'}" in request; send application/json.` });
      }
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw new HttpError(400, { detail: 'JSON parse error - body is not valid UTF-8.' });
      }
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new HttpError(400, { detail: `JSON parse error - ${(error as Error).message}` });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new HttpError(400, { non_field_errors: [`Invalid data. Expected a dictionary, but got ${describe(value)}.`] });
    }
    // The validator only parses bodies declared as JSON; an empty body of any type is `{}`.
    // Hono keeps promises in its body cache (its typing says otherwise).
    c.req.bodyCache.text = Promise.resolve(text) as never;
    if (!JSON_TYPE.test(type)) {
      c.req.raw = new Request(c.req.raw.url, { method: c.req.method, headers: withJsonType(c.req.raw.headers), body: text });
    }
    await next();
  };
}

async function parseForm(request: Request, bytes: Uint8Array, type: string): Promise<FormData | URLSearchParams> {
  try {
    if (type === 'application/x-www-form-urlencoded') return new URLSearchParams(new TextDecoder().decode(bytes));
    return await new Response(bytes as BodyInit, { headers: { 'content-type': request.headers.get('content-type') ?? type } }).formData();
  } catch (error) {
    throw new HttpError(400, { detail: `Form parse error - ${(error as Error).message}` });
  }
}

function withJsonType(headers: Headers): Headers {
  const copy = new Headers(headers);
  copy.set('content-type', 'application/json');
  copy.delete('content-length');
  return copy;
}
