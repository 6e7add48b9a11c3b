import type { Context } from 'hono';
import { mediaType, readBounded } from '../body.js';
import { MULTIPART_OVERHEAD_BYTES } from '../upload/multipart.js';

/** Largest admin form other than an attachment upload (sign-in, ticket edits, comments, bulk). */
export const ADMIN_FORM_MAX_BYTES = 64 * 1024;

const UPLOAD_PATH = /\/tickets\/[^/]+\/attachments$/u;
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/** The admin form that may carry a file: a multipart POST to `…/tickets/:id/attachments`. */
export function isUploadRequest(c: Context): boolean {
  return mediaType(c.req.header('content-type')) === 'multipart/form-data' && UPLOAD_PATH.test(c.req.path);
}

/** The byte cap of an admin POST: the upload limit plus multipart framing for uploads, else 64 KB. */
export function postBodyCap(c: Context, uploadLimitBytes: number): number {
  return isUploadRequest(c) ? uploadLimitBytes + MULTIPART_OVERHEAD_BYTES : ADMIN_FORM_MAX_BYTES;
}

/**
 * Reads an admin POST body, counting bytes as they arrive (chunked bodies too) and refusing with
 * an `HttpError` 413 the moment the cap is crossed, then leaves the parsed form in Hono's body
 * cache so `c.req.parseBody()` in the handlers reads it again without touching the stream.
 * Returns the form (null when the body is not a form).
 */
export async function readAdminForm(c: Context, maxBytes: number): Promise<FormData | null> {
  const bytes = await readBounded(c.req.raw, maxBytes);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  // Hono keeps promises in its body cache (its typing says otherwise).
  c.req.bodyCache.arrayBuffer = Promise.resolve(buffer) as never;
  const type = mediaType(c.req.header('content-type'));
  if (!FORM_TYPES.has(type) || bytes.byteLength === 0) {
    c.req.bodyCache.formData = Promise.resolve(new FormData()) as never;
    return null;
  }
  let form: FormData;
  try {
    form = await new Response(buffer, { headers: { 'content-type': c.req.header('content-type') ?? type } }).formData();
  } catch {
    form = new FormData();
  }
  c.req.bodyCache.formData = Promise.resolve(form) as never;
  return form;
}
