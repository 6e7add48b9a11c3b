import http from 'node:http';
import https from 'node:https';

import { guardedLookup, literalHostRefusal, type Resolver, UnsafeUrlError } from './ssrf-guard.js';

/** What came of one POST. `statusCode` null when no answer arrived. */
export interface SendResult {
  statusCode: number | null;
  durationMs: number;
  /** Null for a 2xx; otherwise a short reason. */
  error: string | null;
  /** The raw `Retry-After` header, if the receiver sent one. */
  retryAfter: string | undefined;
}

export interface SenderOptions {
  /** Whole-request budget: connect, send, and the answer's status and body. Default 10 s. */
  timeoutMs?: number;
  /** Allow loopback, private, link-local and metadata addresses (development only). */
  allowPrivate?: boolean;
  resolver?: Resolver;
  /** Keep-alive sockets per origin. Default 16. */
  maxSocketsPerOrigin?: number;
}

/** At most this much of an answer is read (then the socket is dropped). */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs signed webhook bodies with node:http/https. Every connection goes through the SSRF guard
 * at connect time (a custom `lookup`, so the socket dials exactly the checked address); IP literals
 * are checked before the request. Redirects are not followed (they count as failures).
 */
export interface WebhookSender {
  send(url: string, headers: Record<string, string>, body: string): Promise<SendResult>;
  /** Closes idle keep-alive sockets. */
  close(): void;
}

export function createWebhookSender(options: SenderOptions = {}): WebhookSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const allowPrivate = options.allowPrivate ?? false;
  const lookup = guardedLookup(allowPrivate, options.resolver);
  const agentOptions = { keepAlive: true, maxSockets: options.maxSocketsPerOrigin ?? 16, lookup };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

  async function send(url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return { statusCode: null, durationMs: elapsed(), error: 'invalid URL', retryAfter: undefined };
    }
    // Sockets skip `lookup` for IP literals, so those are checked here.
    const refused =
      target.protocol !== 'http:' && target.protocol !== 'https:' ? 'only http and https URLs are allowed' : literalHostRefusal(target.hostname, allowPrivate);
    if (refused) return { statusCode: null, durationMs: elapsed(), error: refused, retryAfter: undefined };
    const payload = Buffer.from(body);
    return new Promise<SendResult>((resolve) => {
      let settled = false;
      const finish = (result: Omit<SendResult, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...result, durationMs: elapsed() });
      };
      const request = (target.protocol === 'https:' ? https : http).request(target, {
        method: 'POST',
        agent: agents[target.protocol as 'http:' | 'https:'],
        lookup,
        headers: { ...headers, 'content-length': String(payload.length), 'user-agent': 'Tessera-Webhooks/1' },
      });
      const timer = setTimeout(() => {
        request.destroy();
        finish({ statusCode: null, error: `timeout after ${timeoutMs} ms`, retryAfter: undefined });
      }, timeoutMs);
      request.on('error', (error: NodeJS.ErrnoException) => {
        finish({ statusCode: null, error: error instanceof UnsafeUrlError ? error.message : error.code ?? error.message, retryAfter: undefined });
      });
      request.on('response', (response) => {
        const statusCode = response.statusCode ?? 0;
        const retryAfter = response.headers['retry-after'];
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) response.destroy();
        });
        const done = () =>
          finish({ statusCode, error: statusCode >= 200 && statusCode < 300 ? null : `HTTP ${statusCode}`, retryAfter });
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      });
      request.end(payload);
    });
  }

  return {
    send,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
