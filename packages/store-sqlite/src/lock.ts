/**
 * A FIFO async mutex over the store's single connection. better-sqlite3 runs each statement
 * synchronously, but a transaction spans awaits: while one is open, every other caller in this
 * process must wait, or its statements would run inside (and roll back with) that transaction.
 *
 * Reads outside transactions may share it ({@link tryShare}): any number run side by side, their
 * statements interleaved, while no transaction can begin until the last one ends. (Otherwise a read
 * that spans awaits sent every read arriving meanwhile to the store's second connection, whose
 * page cache each commit empties.)
 */
export class ConnectionLock {
  #held = false;
  #sharers = 0;
  readonly #waiters: Array<() => void> = [];

  /** Whether a transaction (or queued operation) currently owns the connection. */
  get held(): boolean {
    return this.#held;
  }

  /** Resolves once the caller owns the connection; call {@link release} when done. */
  acquire(): Promise<void> {
    if (!this.#held && this.#sharers === 0) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /**
   * Takes a shared hold for a read when no one owns the connection or waits for it (a waiting
   * transaction goes first); call {@link unshare} when done. False: the caller must read elsewhere or wait.
   */
  tryShare(): boolean {
    if (this.#held || this.#waiters.length > 0) return false;
    this.#sharers++;
    return true;
  }

  /** Ends a shared hold; the last one hands the connection to the first waiter. */
  unshare(): void {
    if (--this.#sharers > 0) return;
    const next = this.#waiters.shift();
    if (next) {
      this.#held = true;
      next();
    }
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
