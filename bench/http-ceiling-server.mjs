/**
 * The ceiling of a list response, for `pnpm bench:http`: a bare Hono server on the same Node
 * HTTP adapter as the standalone server, with no database and no middleware, answering
 *
 * - `GET /`: hello-world, this server's own baseline;
 * - `GET /page`: the list page given as a JSON file, `JSON.stringify`-ed on every request from
 *   an object already in memory (what any server must at least do to answer that page);
 * - `GET /page-bytes`: the same page as bytes serialized once (what sending it costs).
 *
 * Plain JavaScript run by plain `node`, like the bundled standalone server: no TypeScript loader.
 *
 *   node bench/http-ceiling-server.mjs <page.json>   → prints "listening on http://127.0.0.1:<port>/"
 */
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const pageText = readFileSync(process.argv[2], 'utf8');
const page = JSON.parse(pageText);

const app = new Hono();
app.get('/', (c) => c.text('Hello Hono!'));
app.get('/page', (c) => c.json(page));
app.get('/page-bytes', (c) => c.body(pageText, 200, { 'content-type': 'application/json' }));

const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
  console.log(`listening on http://127.0.0.1:${info.port}/`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
