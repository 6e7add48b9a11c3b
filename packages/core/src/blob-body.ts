import { PayloadTooLargeError } from './errors.js';
import type { BlobBody } from './ports/blob-store.js';

/**
 * The chunks of `body`, throwing `PayloadTooLargeError` as soon as the bytes read cross
 * `maxBytes` — before buffering the rest — and cancelling the producer. Blob stores and the
 * HTTP layer share it so the limit rule lives once.
 */
export async function* boundedChunks(body: BlobBody, maxBytes = Number.POSITIVE_INFINITY): AsyncGenerator<Uint8Array> {
  let size = 0;
  const counted = (chunk: Uint8Array): Uint8Array => {
    size += chunk.byteLength;
    if (size > maxBytes) throw new PayloadTooLargeError(maxBytes);
    return chunk;
  };
  if (body instanceof Uint8Array) {
    yield counted(body);
  } else if (body instanceof ReadableStream) {
    // getReader() rather than async iteration: not every runtime's ReadableStream is iterable.
    const reader = body.getReader();
    let finished = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          finished = true;
          return;
        }
        yield counted(value);
      }
    } finally {
      // Stop the producer when reading ended early (limit crossed, or the consumer stopped).
      if (!finished) await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
  } else {
    // `for await` calls the source's `return()` when this generator stops early.
    for await (const chunk of body) yield counted(chunk);
  }
}

/** Reads `body` into one new buffer within `maxBytes` (see {@link boundedChunks}). */
export async function readBoundedBody(body: BlobBody, maxBytes = Number.POSITIVE_INFINITY): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of boundedChunks(body, maxBytes)) {
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
