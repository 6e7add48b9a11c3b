import { Hono } from 'hono';
import type { AdminConfig, AdminEnv } from '../context.js';
import { personLabel } from '../views/fields.js';

/** Suggestions per request; the directory searches in its store, so this scales to any size. */
const LIMIT = 20;

/**
 * JSON suggestions for the person pickers, backed by the directory port:
 * `{ results: [{ id, name, email, label }] }`. Assignees are staff users only.
 */
export function autocompleteRoutes(config: AdminConfig): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const query = (raw: string | undefined) => (raw ?? '').trim().slice(0, 100);
  const shape = (rows: Array<{ id: number; name: string; email: string }>) => ({
    results: rows.map((r) => ({ id: r.id, name: r.name, email: r.email, label: personLabel(r) })),
  });

  app.get('/autocomplete/customers', async (c) => {
    const dir = config.ticketing.directory;
    c.header('Cache-Control', 'private, no-store');
    if (!dir) return c.json(shape([]));
    return c.json(shape(await dir.searchCustomers(query(c.req.query('q')), { limit: LIMIT })));
  });

  app.get('/autocomplete/users', async (c) => {
    const dir = config.ticketing.directory;
    c.header('Cache-Control', 'private, no-store');
    if (!dir) return c.json(shape([]));
    return c.json(shape(await dir.searchUsers(query(c.req.query('q')), { limit: LIMIT, role: 'staff' })));
  });

  return app;
}
