import { serve } from '@hono/node-server';
import { createHostApp } from './host-app.js';

const { app } = createHostApp();
const port = Number(process.env.PORT ?? 3001);
serve({ fetch: app.fetch, hostname: process.env.HOST ?? '127.0.0.1', port }, (info) => {
  console.log(`Host app on http://${info.address}:${info.port}/ — try:`);
  console.log(`  curl -b session=agent-session http://${info.address}:${info.port}/support/api/tickets/`);
});
