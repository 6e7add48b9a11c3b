/**
 * `pnpm bench:webhooks` — webhook delivery throughput of one dispatcher.
 *
 *   node --conditions=dev-source --import tsx bench/webhooks.bench.ts [--events N]
 *
 * A receiver runs in a child process on 127.0.0.1 and answers 200 at once (it counts requests
 * and reports over IPC when it has seen the expected number). In this process, in one run:
 * 1. baseline: the dispatcher's own HTTP sender POSTing signed bodies with 4 requests in flight
 *    (one endpoint's default limit), no store, no dispatcher — the ceiling for one endpoint;
 * 2. one dispatcher (memory store, background loop, defaults) delivering `--events` events to one
 *    subscription: fan-out, claims, signing, sending, recording each attempt;
 * 3. the same with four subscriptions on that receiver (each event fans out to four endpoints).
 * Reports webhooks/s and the ratio to the baseline; target ≥ 1,000 webhooks/s. JSON goes to
 * bench/results/webhooks.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RECEIVER = `
const http = require('node:http');
let count = 0, target = Infinity;
process.on('message', (m) => { count = 0; target = m.target; });
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200).end();
    if (++count === target) process.send({ done: count });
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
`;

function startReceiver(): Promise<{ child: ChildProcess; url: string; expect: (n: number) => Promise<void> }> {
  const child = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve) => {
    child.once('message', (m: { port: number }) => {
      resolve({
        child,
        url: `http://127.0.0.1:${m.port}`,
        expect: (target) =>
          new Promise<void>((done) => {
            child.once('message', () => done());
            child.send({ target });
          }),
      });
    });
  });
}

async function main(): Promise<void> {
  const { createDispatcher, createMemoryWebhookStore, createWebhookSender, generateWebhookSecret, webhookBody, webhookHeaders } = await import(
    '@tessera/webhooks'
  );
  const argIndex = process.argv.indexOf('--events');
  const EVENTS = argIndex >= 0 ? Number(process.argv[argIndex + 1]) : Number(process.env.TESSERA_BENCH_EVENTS ?? 20_000);
  const receiver = await startReceiver();
  const data = { id: 1, ticket_number: 'TKT-000001', title: 'Printer on fire', status: 'open', priority: 'high', tags: ['hardware'] };
  const results: Record<string, { webhooks: number; seconds: number; perSecond: number }> = {};

  // ---------- 1. baseline: the sender alone, 4 in flight ----------
  {
    const sender = createWebhookSender({ allowPrivate: true });
    const secret = generateWebhookSecret();
    const warm = receiver.expect(500);
    await runPool(500, 4, (i) => send(i));
    await warm;
    const done = receiver.expect(EVENTS);
    const started = performance.now();
    await runPool(EVENTS, 4, (i) => send(i));
    await done;
    record('baseline: sender alone, 4 in flight', EVENTS, started);
    sender.close();
    async function send(i: number) {
      const body = webhookBody({ type: 'ticket.updated', occurredAt: new Date(), data });
      await sender.send(`${receiver.url}/baseline`, webhookHeaders(secret, i, new Date(), body), body);
    }
  }

  // ---------- 2 and 3. one dispatcher, 1 and 4 endpoints ----------
  for (const endpoints of [1, 4]) {
    const store = createMemoryWebhookStore();
    for (let e = 0; e < endpoints; e++) {
      await store.subscriptions.create({ url: `${receiver.url}/hook/${e}`, events: ['*'], includeInternal: false, description: '', secret: generateWebhookSecret() }, new Date());
    }
    const dispatcher = createDispatcher({ store, allowPrivate: true });
    const eventsToSend = Math.ceil(EVENTS / endpoints);
    await store.outbox.append(
      Array.from({ length: eventsToSend }, () => ({ type: 'ticket.updated', occurredAt: new Date(), data, internal: false, subscriptionId: null })),
    );
    const done = receiver.expect(eventsToSend * endpoints);
    const started = performance.now();
    dispatcher.start();
    await done;
    record(`dispatcher: ${endpoints} endpoint${endpoints > 1 ? 's' : ''}`, eventsToSend * endpoints, started);
    await dispatcher.stop();
  }

  receiver.child.kill();
  const baseline = Object.values(results)[0]!.perSecond;
  console.log(`\nWebhook delivery, ${EVENTS.toLocaleString('en')} webhooks per scenario (Node ${process.version}):\n`);
  console.log('| scenario | webhooks | seconds | webhooks/s | × baseline |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, r] of Object.entries(results)) {
    console.log(`| ${name} | ${r.webhooks.toLocaleString('en')} | ${r.seconds.toFixed(2)} | ${Math.round(r.perSecond).toLocaleString('en')} | ${(r.perSecond / baseline).toFixed(2)} |`);
  }
  const dispatcherRate = Object.values(results)[1]!.perSecond;
  console.log(`\ntarget ≥ 1,000 webhooks/s from one dispatcher to one endpoint: ${dispatcherRate >= 1000 ? 'met' : 'NOT met'} (${Math.round(dispatcherRate)})`);
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}webhooks.json`, JSON.stringify({ node: process.version, events: EVENTS, results }, null, 2));

  function record(name: string, webhooks: number, started: number) {
    const seconds = (performance.now() - started) / 1000;
    results[name] = { webhooks, seconds, perSecond: webhooks / seconds };
  }
}

async function runPool(total: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < total) await task(next++);
    }),
  );
}

// Workspace packages are read from source through the `dev-source` condition; relaunch with it.
if (!process.execArgv.some((a) => a.includes('dev-source'))) {
  const child = spawn(process.execPath, ['--conditions=dev-source', '--import', 'tsx', ...process.argv.slice(1)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  await main();
}
