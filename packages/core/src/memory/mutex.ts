/**
 * A promise-chain mutex: callers run one at a time, in arrival order. A failing holder
 * releases the lock like a succeeding one.
 */
export function createMutex(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn);
    // The next holder waits for this one to settle, whatever the outcome.
    tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };
}
