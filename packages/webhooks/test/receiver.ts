import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { Webhook } from 'standardwebhooks';

/** What the receiver does with one request. */
export type Behaviour =
  | { status: number; headers?: Record<string, string>; /** answer this much later */ delayMs?: number }
  | 'hang' // never answers (until `releaseHung` or close)
  | 'reset'; // destroys the connection without an answer

export interface Received {
  id: string;
  timestamp: number;
  type: string;
  body: { type: string; timestamp: string; data: unknown };
  /** 1 for the first request with this webhook-id, 2 for the next, … */
  nth: number;
}

/**
 * A real webhook receiver on 127.0.0.1. Verifies every request's signature with the
 * `standardwebhooks` package, counts requests by `webhook-id`, tracks how many requests for the
 * same id are in flight at once, and answers as `respond` says.
 */
export interface Receiver {
  url: string;
  received: Received[];
  countById: Map<string, number>;
  /** Requests whose signature did not verify (should stay empty). */
  badSignatures: string[];
  /** Highest number of requests in flight at once, overall and for any single webhook-id. */
  maxInFlight: number;
  maxInFlightSameId: number;
  inFlight: number;
  respond: (request: Received) => Behaviour;
  /** Answers 200 to every hung request. */
  releaseHung(): void;
  /** Resolves once `predicate` holds (checked after every request). */
  until(predicate: () => boolean): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(secret: () => string, options: { now?: () => Date } = {}): Promise<Receiver> {
  const hung: ServerResponse[] = [];
  const sockets = new Set<Socket>();
  const waiters: Array<{ predicate: () => boolean; resolve: () => void }> = [];
  const inFlightById = new Map<string, number>();

  const check = () => {
    for (const w of [...waiters]) {
      if (w.predicate()) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };

  function verify(body: string, headers: IncomingMessage['headers']): boolean {
    const webhook = new Webhook(secret());
    const flat = {
      'webhook-id': String(headers['webhook-id']),
      'webhook-timestamp': String(headers['webhook-timestamp']),
      'webhook-signature': String(headers['webhook-signature']),
    };
    try {
      if (!options.now) {
        webhook.verify(body, flat); // the whole check, including the 5-minute timestamp window
        return true;
      }
      // A test clock far from the wall clock: the library's own HMAC, the window against the test clock.
      const ts = Number(flat['webhook-timestamp']);
      if (Math.abs(ts - options.now().getTime() / 1000) > 300) return false;
      return webhook.sign(flat['webhook-id'], new Date(ts * 1000), body) === flat['webhook-signature'];
    } catch {
      return false;
    }
  }

  const receiver: Receiver = {
    url: '',
    received: [],
    countById: new Map(),
    badSignatures: [],
    maxInFlight: 0,
    maxInFlightSameId: 0,
    inFlight: 0,
    respond: () => ({ status: 204 }),
    releaseHung() {
      for (const res of hung.splice(0)) res.writeHead(200).end();
    },
    until(predicate) {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    async close() {
      receiver.releaseHung();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const id = String(req.headers['webhook-id']);
      if (!verify(body, req.headers)) receiver.badSignatures.push(id);
      const nth = (receiver.countById.get(id) ?? 0) + 1;
      receiver.countById.set(id, nth);
      const parsed = JSON.parse(body) as Received['body'];
      const request: Received = { id, timestamp: Number(req.headers['webhook-timestamp']), type: parsed.type, body: parsed, nth };
      receiver.received.push(request);

      const sameId = (inFlightById.get(id) ?? 0) + 1;
      inFlightById.set(id, sameId);
      receiver.inFlight++;
      receiver.maxInFlight = Math.max(receiver.maxInFlight, receiver.inFlight);
      receiver.maxInFlightSameId = Math.max(receiver.maxInFlightSameId, sameId);
      res.on('close', () => {
        receiver.inFlight--;
        inFlightById.set(id, (inFlightById.get(id) ?? 1) - 1);
        check();
      });

      const behaviour = receiver.respond(request);
      if (behaviour === 'hang') hung.push(res);
      else if (behaviour === 'reset') req.socket.destroy();
      else if (behaviour.delayMs) setTimeout(() => res.writeHead(behaviour.status, behaviour.headers).end(), behaviour.delayMs);
      else res.writeHead(behaviour.status, behaviour.headers).end();
      check();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}

/** A clock the test moves by hand. */
export function manualClock(start = new Date()) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}
