import { describe, expect, it } from 'vitest';
import { coalesceReads } from '../src/coalesce.js';

/** A read whose calls are recorded and finished by hand. */
function manualRead() {
  const calls: Array<{ requests: readonly number[]; finish(result: string): void; fail(error: Error): void }> = [];
  const read = (requests: readonly number[]) =>
    new Promise<string>((resolve, reject) => calls.push({ requests, finish: resolve, fail: reject }));
  return { calls, read };
}

describe('coalesceReads', () => {
  it('reads at once when idle; calls made meanwhile share the next read, started after the first ends', async () => {
    const { calls, read } = manualRead();
    const shared = coalesceReads(read);
    const first = shared(1);
    expect(calls.map((c) => c.requests)).toEqual([[1]]);
    const later = [shared(2), shared(3), shared(4)];
    // Nothing new starts while the first is in flight: a caller never joins a read begun before its call.
    expect(calls).toHaveLength(1);
    calls[0]!.finish('one');
    expect(await first).toBe('one');
    await Promise.resolve();
    expect(calls.map((c) => c.requests)).toEqual([[1], [2, 3, 4]]);
    calls[1]!.finish('many');
    expect(await Promise.all(later)).toEqual(['many', 'many', 'many']);
    // Idle again: the next call reads at once.
    void shared(5);
    expect(calls.map((c) => c.requests)).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('a failed read rejects its callers only, and the queue moves on', async () => {
    const { calls, read } = manualRead();
    const shared = coalesceReads(read);
    const first = shared(1);
    const second = shared(2);
    calls[0]!.fail(new Error('down'));
    await expect(first).rejects.toThrow('down');
    await Promise.resolve();
    expect(calls).toHaveLength(2);
    calls[1]!.finish('back');
    expect(await second).toBe('back');
  });

  it('a read that throws synchronously rejects, and does not block later calls', async () => {
    let fail = true;
    const shared = coalesceReads(async (requests: readonly number[]) => requests.length);
    const throwing = coalesceReads((requests: readonly number[]) => {
      if (fail) throw new Error('sync');
      return Promise.resolve(requests.length);
    });
    await expect(throwing(1)).rejects.toThrow('sync');
    fail = false;
    expect(await throwing(2)).toBe(1);
    expect(await shared(1)).toBe(1);
  });
});
