import { describe, expect, it } from 'vitest';
import { ConnectionLock } from '../src/lock.js';

describe('ConnectionLock', () => {
  it('lets reads share the connection while no one owns it; an owner waits for the last of them', async () => {
    const lock = new ConnectionLock();
    expect(lock.tryShare()).toBe(true);
    expect(lock.tryShare()).toBe(true);
    let owned = false;
    const owner = lock.acquire().then(() => (owned = true));
    await Promise.resolve();
    expect(owned).toBe(false);
    // A transaction is waiting: later reads go elsewhere rather than keep it waiting.
    expect(lock.tryShare()).toBe(false);
    lock.unshare();
    await Promise.resolve();
    expect(owned).toBe(false);
    lock.unshare();
    await owner;
    expect(owned).toBe(true);
    expect(lock.held).toBe(true);
    expect(lock.tryShare()).toBe(false);
    lock.release();
    expect(lock.held).toBe(false);
    expect(lock.tryShare()).toBe(true);
    lock.unshare();
  });

  it('hands the connection over in arrival order; a synchronous run goes first only when it is free', async () => {
    const lock = new ConnectionLock();
    const order: string[] = [];
    await lock.acquire();
    const a = lock.acquire().then(() => order.push('a'));
    const b = lock.acquire().then(() => order.push('b'));
    const queued = lock.run(() => order.push('run'));
    expect(queued).toBeInstanceOf(Promise);
    lock.release();
    await a;
    lock.release();
    await b;
    lock.release();
    await queued;
    expect(order).toEqual(['a', 'b', 'run']);
    expect(lock.held).toBe(false);
    expect(lock.run(() => 'now')).toBe('now');
  });
});
