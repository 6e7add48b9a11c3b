import type { MiddlewareHandler } from 'hono';
import { HttpError } from '../errors.js';
import { mediaType } from '../body.js';

/** Room for multipart boundaries, part headers and the text fields around the file. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

function tooLarge(limitBytes: number): HttpError {
  return new HttpError(413, { detail: `File exceeds the upload limit of ${limitBytes} bytes.` });
}

/**
 * Parses a `multipart/form-data` upload with a hard cap: a declared `Content-Length` above the
 * limit (plus multipart overhead) is refused before reading a byte, and a body without one is
 * counted as it streams and cut off the moment it crosses the cap, so an oversized upload is
 * never buffered whole. The file itself must then be at most `limitBytes` (exactly the limit is
 * accepted). The parsed form is left in Hono's body cache for the `form` validator.
 */
export function multipartBody(limitBytes: number): MiddlewareHandler {
  const cap = limitBytes + MULTIPART_OVERHEAD_BYTES;
  return async (c, next) => {
    const request = c.req.raw;
    if (mediaType(request.headers.get('content-type') ?? undefined) !== 'multipart/form-data') {
      throw HttpError.field('file', 'No file was submitted. Check the encoding type on the form (multipart/form-data).');
    }
    const declared = request.headers.get('content-length');
    if (declared !== null && Number(declared) > cap) throw tooLarge(limitBytes);
    if (!request.body) throw HttpError.field('file', 'No file was submitted.');

    let size = 0;
    let exceeded = false;
    const counted = request.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          size += chunk.byteLength;
          if (size > cap) {
            exceeded = true;
            controller.error(tooLarge(limitBytes));
            return;
          }
          controller.enqueue(chunk);
        },
      }),
    );
    let form: FormData;
    try {
      form = await new Request(request.url, {
        method: 'POST',
        headers: request.headers,
        body: counted,
        duplex: 'half',
      } as RequestInit).formData();
    } catch (error) {
      if (exceeded) throw tooLarge(limitBytes);
      throw new HttpError(400, { detail: `Multipart form parse error - ${(error as Error).message}` });
    }
    const file = form.get('file');
    if (file instanceof File && file.size > limitBytes) throw tooLarge(limitBytes);
    c.req.bodyCache.formData = Promise.resolve(form) as never;
    await next();
  };
}
