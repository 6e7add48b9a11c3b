import { createReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { boundedChunks, type BlobStore } from '@tessera/core';

/** Options of {@link createFsBlobStore}. */
export interface FsBlobStoreOptions {
  /** Directory the bytes live under; created on first write. */
  directory: string;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/u;

/** Path of `key` under `root`, or an error for any key that could escape it. */
function pathFor(root: string, key: string): string {
  const segments = key.split('/');
  if (segments.length > 8 || !segments.every((s) => SEGMENT.test(s) && !s.includes('..'))) {
    throw new Error(`Invalid blob key: ${JSON.stringify(key)}`);
  }
  const path = resolve(root, ...segments);
  if (!path.startsWith(root + sep)) throw new Error(`Invalid blob key: ${JSON.stringify(key)}`);
  return path;
}

/**
 * A `BlobStore` on the local filesystem (Node only). Keys map to files under `directory`; keys
 * that are not plain relative names (`..`, absolute paths, backslashes) are rejected. Writes go to
 * a temporary file in the same directory and are renamed into place, so a reader never sees a
 * partial file and a failed or oversized upload leaves nothing behind.
 */
export function createFsBlobStore(options: FsBlobStoreOptions): BlobStore {
  const root = resolve(options.directory);
  return {
    async put(key, body, opts = {}) {
      const target = pathFor(root, key);
      await mkdir(dirname(target), { recursive: true });
      const temp = join(dirname(target), `.tmp-${randomUUID()}`);
      const handle = await open(temp, 'wx', 0o600);
      let size = 0;
      try {
        for await (const chunk of boundedChunks(body, opts.maxBytes)) {
          size += chunk.byteLength;
          await handle.write(chunk);
        }
        await handle.sync();
        await handle.close();
        await rename(temp, target);
        return { size };
      } catch (error) {
        await handle.close().catch(() => undefined);
        await unlink(temp).catch(() => undefined);
        throw error;
      }
    },
    async get(key) {
      const path = pathFor(root, key);
      try {
        if (!(await stat(path)).isFile()) return null;
      } catch {
        return null;
      }
      return Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array>;
    },
    async delete(key) {
      try {
        await unlink(pathFor(root, key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    },
  };
}
