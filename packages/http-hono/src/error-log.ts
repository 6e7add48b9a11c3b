import type { ErrorLogger } from './errors.js';

/**
 * Reports an unexpected error as one JSON line through `console.error` (`time`, `level`, `method`, `path`,
 * `message`, `stack`), so a message or path holding line breaks cannot forge log entries and log
 * collectors keep each error whole.
 */
export const jsonLineErrorLogger: ErrorLogger = (error, c) => {
  const { message, stack } = error instanceof Error ? error : { message: String(error), stack: undefined };
  // console.error rather than process.stderr: the router runs on any runtime Hono runs on.
  console.error(JSON.stringify({ time: new Date().toISOString(), level: 'error', method: c.req.method, path: c.req.path, message, stack }));
};
