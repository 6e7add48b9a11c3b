import type { MiddlewareHandler } from 'hono';

/**
 * One JSON line per request on stdout: time, method, path, status, duration, and the `worker`
 * process id when `worker` is given (several processes share one stdout).
 */
export function requestLog(write: (line: string) => void = (line) => process.stdout.write(line), worker?: number): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    await next();
    write(
      `${JSON.stringify({
        time: new Date().toISOString(),
        level: c.res.status >= 500 ? 'error' : 'info',
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - start) * 10) / 10,
        ...(worker !== undefined && { worker }),
      })}\n`,
    );
  };
}
