import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPostgresStore } from '../src/index.js';
import { pgAvailable, PG_URL, uniqueSchema, dropSchema } from './pg-test-schema.js';

// With no index of open events (migration 0007), a claim must still find them without reading the
// acknowledged ones: both of its statements walk the primary key from the cursor.
describe.skipIf(!pgAvailable)('postgres outbox claim plans', () => {
  it('moves the cursor and leases along the primary key, never scanning the table', async () => {
    const schema = uniqueSchema('obplan');
    const pool = new pg.Pool({ connectionString: PG_URL, max: 2 });
    const store = createPostgresStore({ pool }, { schema });
    try {
      await store.migrate();
      const now = new Date('2026-03-01T12:00:00.000Z');
      await pool.query(
        `insert into "${schema}".outbox (type, occurred_at, data, internal, acked_at)
         select 'ticket.updated', $1::timestamptz, '{}', false, case when i <= 20000 then $1::timestamptz end from generate_series(1, 20003) i`,
        [now],
      );
      await pool.query(`analyze "${schema}".outbox`);

      // The claim's statements as sent, with their parameters.
      const sent: { text: string; values: unknown[] }[] = [];
      const query = pg.Client.prototype.query;
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
        const text = typeof config === 'string' ? config : config.text;
        if (text.includes('outbox')) sent.push({ text, values: (typeof config === 'string' ? values : config.values) ?? [] });
        return (query as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof query;
      let claimed: number[];
      try {
        claimed = (await store.webhooks.outbox.claim({ limit: 10, leaseMs: 1_000, now })).events.map((e) => e.id);
      } finally {
        pg.Client.prototype.query = query;
      }
      expect(claimed).toEqual([20001, 20002, 20003]);
      expect(sent).toHaveLength(2); // move the cursor, then lease

      for (const { text, values } of sent) {
        const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`explain ${text}`, values);
        const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        expect(plan, text).not.toMatch(/Seq Scan on outbox\b/u);
        expect(plan, text).toMatch(/Index (Only )?Scan using outbox_pkey on outbox/u);
      }
    } finally {
      await store.close();
      await pool.end();
      await dropSchema(schema);
    }
  });
});
