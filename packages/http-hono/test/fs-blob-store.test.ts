import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PayloadTooLargeError } from '@tessera/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFsBlobStore } from '../src/blobs/index.js';

async function text(stream: ReadableStream<Uint8Array> | null): Promise<string | null> {
  return stream ? new Response(stream).text() : null;
}

async function files(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
}

describe('filesystem blob store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-blobs-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes bytes, streams and arrays under the directory and reads them back', async () => {
    const blobs = createFsBlobStore({ directory: dir });
    expect(await blobs.put('1/a', new TextEncoder().encode('hello'))).toEqual({ size: 5 });
    expect(await blobs.put('1/b', new Blob(['streamed']).stream())).toEqual({ size: 8 });
    async function* parts() {
      yield new TextEncoder().encode('it');
      yield new TextEncoder().encode('erable');
    }
    expect(await blobs.put('2/c', parts())).toEqual({ size: 8 });
    expect(await text(await blobs.get('1/a'))).toBe('hello');
    expect(await text(await blobs.get('1/b'))).toBe('streamed');
    expect(await readFile(join(dir, '2', 'c'), 'utf8')).toBe('iterable');
    expect(await blobs.get('1/missing')).toBeNull();
    await blobs.delete('1/a');
    await blobs.delete('1/a');
    expect(await blobs.get('1/a')).toBeNull();
  });

  it('stops at maxBytes and leaves nothing behind; exactly maxBytes is fine', async () => {
    const blobs = createFsBlobStore({ directory: dir });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1000;
        controller.enqueue(new Uint8Array(1000));
      },
    });
    await expect(blobs.put('1/big', endless, { maxBytes: 2500 })).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(pulled).toBeLessThanOrEqual(4000);
    expect(await files(dir)).toEqual([]);
    expect(await blobs.put('1/exact', new Uint8Array(2500), { maxBytes: 2500 })).toEqual({ size: 2500 });
    expect((await stat(join(dir, '1', 'exact'))).size).toBe(2500);
  });

  it('removes the temporary file when the body fails midway', async () => {
    const blobs = createFsBlobStore({ directory: dir });
    async function* failing() {
      yield new Uint8Array(10);
      throw new Error('client went away');
    }
    await expect(blobs.put('1/x', failing())).rejects.toThrow('client went away');
    expect(await files(dir)).toEqual([]);
  });

  it('refuses keys that could escape the directory', async () => {
    const blobs = createFsBlobStore({ directory: dir });
    for (const key of ['../x', '/etc/passwd', '1/../../x', '..', '', 'a\\b', '.hidden', '1//2', 'a/./b']) {
      await expect(blobs.put(key, new Uint8Array(1)), key).rejects.toThrow(/Invalid blob key/);
    }
    expect(await files(dir)).toEqual([]);
  });
});
