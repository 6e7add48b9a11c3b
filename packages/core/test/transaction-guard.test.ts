import { describe, expect, it } from 'vitest';
import { inTransactionOf, runAsTransaction } from '../src/index.js';

// The guard switches its AsyncLocalStorage off whenever no transaction runs (so reads do not pay
// for it) and on again at the next transaction: nesting must be caught across those switches.
describe('transaction guard', () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('rejects a nested transaction of the same store, in the first and in later transactions', async () => {
    const store = {};
    for (let round = 0; round < 3; round++) {
      const outcome = await runAsTransaction(store, async () => {
        await tick();
        expect(inTransactionOf(store)).toBe(true);
        return runAsTransaction(store, async () => 'nested ran').catch((error: Error) => error.message);
      });
      expect(outcome).toMatch(/Nested transaction/);
      expect(inTransactionOf(store)).toBe(false);
    }
  });

  it('lets transactions of other stores run inside, and concurrent transactions of one store side by side', async () => {
    const a = {};
    const b = {};
    expect(await runAsTransaction(a, () => runAsTransaction(b, async () => inTransactionOf(a) && inTransactionOf(b)))).toBe(true);
    let releaseFirst!: () => void;
    const first = runAsTransaction(a, () => new Promise<string>((resolve) => (releaseFirst = () => resolve('first'))));
    const second = runAsTransaction(a, async () => {
      releaseFirst();
      await first; // the first one ends while this one still runs
      await tick();
      return runAsTransaction(a, async () => 'nested ran').catch((error: Error) => error.message);
    });
    expect(await first).toBe('first');
    expect(await second).toMatch(/Nested transaction/);
  });

  it('is outside every transaction once a transaction has failed', async () => {
    const store = {};
    await expect(runAsTransaction(store, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await runAsTransaction(store, async () => 'ok')).toBe('ok');
  });
});
