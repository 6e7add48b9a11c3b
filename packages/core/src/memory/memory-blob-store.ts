import { readBoundedBody } from '../blob-body.js';
import type { BlobStore } from '../ports/blob-store.js';

/**
 * Creates an in-memory `BlobStore`. A `put` stores nothing until the whole body has been read
 * within the limit, so a rejected or failed upload leaves nothing behind.
 */
export function createMemoryBlobStore(): BlobStore {
  const blobs = new Map<string, Uint8Array>();
  return {
    async put(key, body, options) {
      // readBoundedBody copies into a new buffer: later changes to the caller's bytes cannot reach the store.
      const bytes = await readBoundedBody(body, options?.maxBytes);
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
