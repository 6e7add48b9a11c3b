import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '@tessera/store-sqlite';
import { startServer } from './harness.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const TEXT =
  'the printer on the third floor and the network switch near the kitchen stopped working again after the update; ' +
  'please check the cables, the power supply and the configuration of the router before calling the vendor';
/** 32 terms found in every seeded ticket: about 200 ms of FTS5 work at 20 000 tickets on an idle machine. */
const TERMS = [
  'the', 'printer', 'third', 'floor', 'and', 'network', 'switch', 'near', 'kitchen', 'stopped', 'working', 'again',
  'after', 'update', 'please', 'check', 'cables', 'power', 'supply', 'configuration', 'router', 'before', 'calling',
  'vendor', 'print', 'netw', 'kitch', 'stop', 'work', 'updat', 'cabl', 'suppl',
];

describe('standalone server: query time budget', () => {
  it('answers a search over budget with 503 while /healthz keeps answering; refuses a 33-term search', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-budget-'));
    dirs.push(dataDir);
    const seed = await openSqliteStore({ filename: join(dataDir, 'tessera.db'), queryTimeoutMs: 0 });
    seed.database.exec(`
      WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 20000)
      INSERT INTO tessera_tickets (sequence, ticket_number, subject, description, status, priority, priority_rank,
        category, customer_id, created_by_id, created_at, updated_at, tags, version)
      SELECT i, 'TKT-' || i, 'printer and network down ' || i, '${TEXT}', 'open', 'medium', 2, 'general', 1, 1,
        i * 1000, i * 1000, '', 1 FROM seq`);
    seed.database.exec(`UPDATE tessera_sequences SET value = 20000 WHERE name = 'ticket'`);
    await seed.close();

    // A third of the slow search's cost on an idle machine (more under load); a narrow search takes ~1 ms.
    const budgetMs = 60;
    // One process, so the narrow search below has started the search workers the slow one uses
    // (a process's first search also waits for its workers to load; the budget starts once they are up).
    const server = await startServer({
      TESSERA_DATA_DIR: dataDir,
      TESSERA_REQUEST_LOG: 'off',
      TESSERA_QUERY_TIMEOUT_MS: String(budgetMs),
      TESSERA_WORKERS: '1',
    });
    try {
      const headers = { Authorization: `Bearer ${server.token}` };
      const url = (terms: string[]) => `${server.baseUrl}/api/ticketing/tickets/?search=${encodeURIComponent(terms.join(' '))}`;
      // A narrow search works through the same path (and starts the workers).
      const narrow = await fetch(url(['tkt-19999']), { headers });
      expect(narrow.status).toBe(200);
      expect((await narrow.json()).count).toBe(1);

      const started = performance.now();
      let slowDone = 0;
      const slow = fetch(url(TERMS), { headers }).then(async (res) => {
        slowDone = performance.now();
        return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after') };
      });
      const health = await fetch(`${server.baseUrl}/healthz`);
      const healthDone = performance.now();
      expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
      const answer = await slow;
      expect(answer).toEqual({ status: 503, body: { detail: expect.stringContaining('took too long') }, retryAfter: '1' });
      expect(healthDone).toBeLessThan(slowDone);
      expect(slowDone - started).toBeGreaterThanOrEqual(budgetMs - 5);
      expect(slowDone - started).toBeLessThan(budgetMs + 750);

      const tooMany = await fetch(url([...TERMS, 'one-more']), { headers });
      expect(tooMany.status).toBe(400);
      expect(await tooMany.json()).toEqual({ search: [expect.stringContaining('32')] });
      // Still serving normally afterwards.
      expect((await fetch(url(['tkt-12345']), { headers })).status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
