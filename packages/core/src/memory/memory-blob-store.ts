import { PayloadTooLargeError } from '../errors.js';
import type { BlobBody, BlobStore } from '../ports/blob-store.js';

/** Reads `body` fully, throwing `PayloadTooLargeError` as soon as it crosses `maxBytes`. */
async function readAll(body: BlobBody, maxBytes: number): Promise<Uint8Array> {
  if (body instanceof Uint8Array) {
    if (body.byteLength > maxBytes) throw new PayloadTooLargeError(maxBytes);
    return body.slice();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const take = (chunk: Uint8Array) => {
    size += chunk.byteLength;
    if (size > maxBytes) throw new PayloadTooLargeError(maxBytes);
    chunks.push(chunk.slice());
  };
  if (body instanceof ReadableStream) {
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        take(value);
      }
    } catch (error) {
      // Stop the producer: the rest of the body is not wanted.
      await reader.cancel(error).catch(() => undefined);
      throw error;
    } finally {
      reader.releaseLock();
    }
  } else {
    // `for await` calls the iterator's `return()` when `take` throws, ending the producer.
    for await (const chunk of body) take(chunk);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Creates an in-memory `BlobStore`. A `put` stores nothing until the whole body has been read
 * within the limit, so a rejected or failed upload leaves nothing behind.
 */
export function createMemoryBlobStore(): BlobStore {
  const blobs = new Map<string, Uint8Array>();
  return {
    async put(key, body, options) {
      const bytes = await readAll(body, options?.maxBytes ?? Number.POSITIVE_INFINITY);
      blobs.set(key, bytes);
      return { size: bytes.byteLength };
    },
    async get(key) {
      const bytes = blobs.get(key);
      if (!bytes) return null;
      const copy = bytes.slice();
      return new ReadableStream<Uint8Array>({
        start(controller) {
          if (copy.byteLength > 0) controller.enqueue(copy);
          controller.close();
        },
      });
    },
    async delete(key) {
      blobs.delete(key);
    },
  };
}
