import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PG_URL, pgAvailable, useTestSchema } from './pg-test-schema.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const WORKER = fileURLToPath(new URL('./workers/create-tickets.ts', import.meta.url));

describe.skipIf(!pgAvailable)('postgres store: numbering across processes', () => {
  const db = useTestSchema('numbering');

  it('4 processes × 250 creates give 1,000 distinct consecutive numbers, in id order, with no error', async () => {
    const store = await db.fresh();
    const customer = await store.directory.addCustomer({ name: 'Acme', email: 'acme@example.test' });
    const agent = await store.directory.addUser({ name: 'Agent', email: 'agent@example.test', role: 'staff' });

    const workers = Array.from({ length: 4 }, () =>
      run(process.execPath, ['--conditions=dev-source', '--import', 'tsx', WORKER], {
        cwd: ROOT,
        env: {
          ...process.env,
          PG_URL,
          SCHEMA: db.schema,
          COUNT: '250',
          CONCURRENCY: '4',
          ACTOR_ID: String(agent.id),
          CUSTOMER_ID: String(customer.id),
        },
      }),
    );
    const outputs = (await Promise.all(workers)).map((r) => JSON.parse(r.stdout.trim().split('\n').at(-1)!));
    for (const output of outputs) {
      expect(output.errors).toEqual([]);
      expect(output.rolledBack).toBe(25);
    }

    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string; sequence: string; ticket_number: string }>(
        `select id, sequence, ticket_number from "${db.schema}".tickets order by id`,
      );
      expect(rows).toHaveLength(1000);
      // Gapless and strictly increasing with id, despite 100 rolled-back allocations.
      expect(rows.map((r) => Number(r.sequence))).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
      expect(new Set(rows.map((r) => r.ticket_number)).size).toBe(1000);
      expect(rows[999]!.ticket_number).toBe('TKT-001000');
      const history = await client.query(`select count(*)::int as n from "${db.schema}".ticket_history where action = 'created'`);
      expect(history.rows[0].n).toBe(1000);
    } finally {
      await client.end();
    }
  }, 120_000);
});
