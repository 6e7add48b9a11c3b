/**
 * A FIFO async mutex over the store's single connection. better-sqlite3 runs each statement
 * synchronously, but a transaction spans awaits: while one is open, every other caller in this
 * process must wait, or its statements would run inside (and roll back with) that transaction.
 */
export class ConnectionLock {
  #held = false;
  readonly #waiters: Array<() => void> = [];

  /** Whether a transaction (or queued operation) currently owns the connection. */
  get held(): boolean {
    return this.#held;
  }

  /** Resolves once the caller owns the connection; call {@link release} when done. */
  acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Hands the connection to the next waiter, or frees it. */
  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#held = false;
  }

  /**
   * Runs synchronous `fn` as soon as the connection is free: right away (no promise) when it
   * already is, after the queue otherwise.
   */
  run<T>(fn: () => T): T | Promise<T> {
    return this.#held ? this.#queued(fn) : fn();
  }

  async #queued<T>(fn: () => T): Promise<T> {
    await this.acquire();
    try {
      return fn();
    } finally {
      this.release();
    }
  }
}
