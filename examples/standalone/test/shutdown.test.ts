import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from './harness.js';

describe('standalone server shutdown', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-shutdown-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('lets an in-flight request finish after SIGTERM, then exits 0', async () => {
    const server = await startServer({ TESSERA_DATA_DIR: dataDir, TESSERA_REQUEST_LOG: 'off' });
    const url = new URL('/api/ticketing/tickets/', server.baseUrl);
    const payload = JSON.stringify({ subject: 'Sent slowly', description: 'Body arrives after SIGTERM', customer: 1 });
    // Customer 1 is created on first start: a 201 carrying the subject proves the whole body was read.
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write(payload.slice(0, 10));
      req.once('socket', (socket) =>
        socket.once('connect', () => {
          // The request is in flight (headers sent, body incomplete) when the signal arrives.
          setImmediate(() => {
            const exited = server.stop('SIGTERM');
            const finish = () => req.end(payload.slice(10));
            const wait = setInterval(() => {
              if (server.output().includes('SIGTERM received')) {
                clearInterval(wait);
                finish();
              }
            }, 5);
            void exited;
          });
        }),
      );
    });
    const res = await response;
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body)).toMatchObject({ subject: 'Sent slowly', customer: 1, ticket_number: 'TKT-000001' });
    expect(await server.stop()).toBe(0);
    expect(server.output()).toContain('Database closed.');
  });
});
