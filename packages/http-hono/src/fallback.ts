import { Hono, type Context } from 'hono';
import type { RouterRoute } from 'hono/types';
import type { TicketingEnv } from './env.js';

/**
 * The answer for requests no route took: 405 with `Allow` when the path exists under another
 * method (DRF's `Method "PUT" not allowed.`), else 404 `{"detail": "Not found."}`.
 */
export function createFallback(registered: readonly RouterRoute[]) {
  const methodsByPath = new Map<string, Set<string>>();
  for (const route of registered) {
    if (route.method === 'ALL' || route.path.includes('*')) continue;
    const methods = methodsByPath.get(route.path) ?? new Set<string>();
    methods.add(route.method);
    if (route.method === 'GET') methods.add('HEAD');
    methodsByPath.set(route.path, methods);
  }
  const shapes = new Hono();
  for (const [path, methods] of methodsByPath) shapes.all(path, (c) => c.text([...methods].sort().join(', ')));

  return async (c: Context<TicketingEnv>) => {
    const depth = c.get('mountPattern').replace(/\/?\*$/u, '').split('/').filter(Boolean).length;
    const rest = c.req.path.split('/').filter(Boolean).slice(depth).join('/');
    const probe = await shapes.request(`/${rest}${rest && c.req.path.endsWith('/') ? '/' : ''}`);
    if (probe.status === 200) {
      return c.json({ detail: `Method "${c.req.method}" not allowed.` }, 405, { Allow: await probe.text() });
    }
    return c.json({ detail: 'Not found.' }, 404);
  };
}
