/**
 * Shares reads between concurrent callers. A call made while no read is in flight reads at once;
 * calls made while one is in flight wait for it to end and then share one read of all their
 * requests. N concurrent callers (a busy server's creates, each looking up its people) thus cost
 * two reads instead of N, and each caller's read still starts after its call, so it sees every
 * write committed before the call — unlike joining a read already under way.
 *
 * @param read reads what every request in `requests` asks for, in one statement.
 * @returns a function for one request, answering the shared read's result.
 */
export function coalesceReads<Request, Result>(read: (requests: readonly Request[]) => Promise<Result>): (request: Request) => Promise<Result> {
  let inFlight = false;
  let waiting: Array<{ request: Request; resolve(result: Result): void; reject(error: unknown): void }> = [];

  function start(requests: readonly Request[]): Promise<Result> {
    inFlight = true;
    let reading: Promise<Result>;
    try {
      reading = read(requests);
    } catch (error) {
      reading = Promise.reject(error);
    }
    const next = () => {
      inFlight = false;
      if (waiting.length === 0) return;
      const batch = waiting;
      waiting = [];
      start(batch.map((w) => w.request)).then(
        (result) => batch.forEach((w) => w.resolve(result)),
        (error: unknown) => batch.forEach((w) => w.reject(error)),
      );
    };
    reading.then(next, next);
    return reading;
  }

  return (request) => {
    if (!inFlight) return start([request]);
    return new Promise<Result>((resolve, reject) => waiting.push({ request, resolve, reject }));
  };
}
