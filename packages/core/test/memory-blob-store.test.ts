import { describe, expect, it } from 'vitest';
import { createMemoryBlobStore, PayloadTooLargeError } from '@tessera/core';

async function bytesOf(body: ReadableStream<Uint8Array> | null): Promise<number[] | null> {
  if (!body) return null;
  const out: number[] = [];
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) out.push(...chunk);
  return out;
}

function streamOf(chunks: number[][], onCancel?: () => void): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk) controller.enqueue(Uint8Array.from(chunk));
      else controller.close();
    },
    cancel: () => onCancel?.(),
  });
}

describe('memory blob store', () => {
  it('stores Uint8Array, ReadableStream and AsyncIterable bodies and reports their size', async () => {
    const blobs = createMemoryBlobStore();
    expect(await blobs.put('a', Uint8Array.from([1, 2, 3]))).toEqual({ size: 3 });
    expect(await blobs.put('b', streamOf([[4, 5], [6]]))).toEqual({ size: 3 });
    async function* gen() {
      yield Uint8Array.from([7]);
      yield Uint8Array.from([8, 9]);
    }
    expect(await blobs.put('c', gen())).toEqual({ size: 3 });
    expect(await bytesOf(await blobs.get('a'))).toEqual([1, 2, 3]);
    expect(await bytesOf(await blobs.get('b'))).toEqual([4, 5, 6]);
    expect(await bytesOf(await blobs.get('c'))).toEqual([7, 8, 9]);
    expect(await blobs.put('empty', new Uint8Array())).toEqual({ size: 0 });
    expect(await bytesOf(await blobs.get('empty'))).toEqual([]);
  });

  it('keeps its own copy of the bytes', async () => {
    const blobs = createMemoryBlobStore();
    const input = Uint8Array.from([1, 2]);
    await blobs.put('k', input);
    input[0] = 99;
    expect(await bytesOf(await blobs.get('k'))).toEqual([1, 2]);
  });

  it('accepts a body of exactly maxBytes and rejects one byte more, leaving nothing behind', async () => {
    const blobs = createMemoryBlobStore();
    expect(await blobs.put('ok', new Uint8Array(4), { maxBytes: 4 })).toEqual({ size: 4 });
    await expect(blobs.put('big', new Uint8Array(5), { maxBytes: 4 })).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(await blobs.get('big')).toBeNull();
    await expect(blobs.put('big2', streamOf([[1, 2, 3], [4, 5]]), { maxBytes: 4 })).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    );
    expect(await blobs.get('big2')).toBeNull();
  });

  it('stops reading a stream as soon as it crosses the limit', async () => {
    const blobs = createMemoryBlobStore();
    let cancelled = false;
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(10));
      },
      cancel: () => {
        cancelled = true;
      },
    });
    await expect(blobs.put('x', endless, { maxBytes: 25 })).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(10);
    let finished = false;
    async function* iterable() {
      try {
        for (;;) yield new Uint8Array(10);
      } finally {
        finished = true;
      }
    }
    await expect(blobs.put('y', iterable(), { maxBytes: 25 })).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(finished).toBe(true);
    expect(await blobs.get('y')).toBeNull();
  });

  it('a body that fails midway leaves nothing and keeps an earlier value', async () => {
    const blobs = createMemoryBlobStore();
    await blobs.put('k', Uint8Array.from([1]));
    async function* broken() {
      yield Uint8Array.from([2]);
      throw new Error('connection reset');
    }
    await expect(blobs.put('k', broken())).rejects.toThrow('connection reset');
    await expect(blobs.put('fresh', broken())).rejects.toThrow('connection reset');
    expect(await bytesOf(await blobs.get('k'))).toEqual([1]);
    expect(await blobs.get('fresh')).toBeNull();
  });

  it('get of a missing key is null; delete of a missing key is fine', async () => {
    const blobs = createMemoryBlobStore();
    expect(await blobs.get('missing')).toBeNull();
    await expect(blobs.delete('missing')).resolves.toBeUndefined();
    await blobs.put('k', Uint8Array.from([1]));
    await blobs.delete('k');
    expect(await blobs.get('k')).toBeNull();
  });
});
