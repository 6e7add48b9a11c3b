import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '@tessera/core';
import { createPostgresStore } from '../src/index.js';
import { newTicket } from '@tessera/core/testing';
import { dropSchema, PG_URL, pgAvailable, uniqueSchema, withSchemaMigratedTo } from './pg-test-schema.js';

describe.skipIf(!pgAvailable)('postgres store: migrations', () => {
  const schemas: string[] = [];
  const pools: pg.Pool[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    for (const s of schemas) await dropSchema(s);
  });
  function open(schema: string) {
    const pool = new pg.Pool({ connectionString: PG_URL, max: 2 });
    pools.push(pool);
    return createPostgresStore({ pool }, { schema });
  }

  it('six stores (separate pools) migrating at once: one applies, the rest find nothing to do; re-running is a no-op', async () => {
    const schema = uniqueSchema('mig');
    schemas.push(schema);
    const stores = Array.from({ length: 6 }, () => open(schema));
    const applied = await Promise.all(stores.map((s) => s.migrate()));
    expect(applied.flat()).toEqual(['0001-init', '0002-webhooks', '0003-revocable-tokens-and-sessions', '0004-sla', '0005-sla-totals', '0006-read-indexes', '0007-outbox-cursor', '0008-ticket-day-counts', '0009-search-pairs', '0010-totals-vacuum']);
    expect(await stores[0]!.migrate()).toEqual([]);
    const ticket = await stores[1]!.transaction(async (tx) => tx.allocateTicketSequence());
    expect(ticket).toBe(1);
  });

  it('keeps its tables in the configured schema, apart from the host’s', async () => {
    const schema = uniqueSchema('apart');
    schemas.push(schema);
    await open(schema).migrate();
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    const { rows } = await client.query<{ table_name: string }>(
      'select table_name from information_schema.tables where table_schema = $1 order by 1',
      [schema],
    );
    await client.end();
    expect(rows.map((r) => r.table_name)).toEqual([
      'admin_sessions', 'api_tokens', 'counters', 'customers', 'ticket_attachments', 'ticket_comments', 'ticket_counts', 'ticket_day_counts', 'ticket_history',
      'tessera_migration', 'tessera_migration_lock', 'tickets', 'users',
      'outbox', 'outbox_cursor', 'webhook_subscriptions', 'webhook_attempts', 'idempotency_keys', 'sla_calendars', 'sla_policies',
      'search_vocabulary',
    ].sort());
  });

  it('has the running-totals tables vacuumed once 1 % of their rows are dead (0010)', async () => {
    const schema = uniqueSchema('vacuum');
    schemas.push(schema);
    await open(schema).migrate();
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    const { rows } = await client.query<{ relname: string; reloptions: string[] | null }>(
      `select c.relname, c.reloptions from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = $1 and c.relname in ('ticket_counts', 'ticket_day_counts', 'tickets') order by 1`,
      [schema],
    );
    await client.end();
    const tuned = ['autovacuum_vacuum_scale_factor=0.01', 'autovacuum_vacuum_threshold=1000'];
    expect(rows).toEqual([
      { relname: 'ticket_counts', reloptions: tuned },
      { relname: 'ticket_day_counts', reloptions: tuned },
      { relname: 'tickets', reloptions: null },
    ]);
  });

  it('refuses a schema migrated by a newer version, naming the unknown migration', async () => {
    const schema = uniqueSchema('newer');
    schemas.push(schema);
    const store = open(schema);
    await store.migrate();
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`insert into "${schema}".tessera_migration (name, timestamp) values ('0099-future', now())`);
    await client.end();
    const error = await store.migrate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/newer.*0099-future/);
  });

  it('before migrate(), calls fail with a StoreError saying to run it', async () => {
    const schema = uniqueSchema('unmigrated');
    const store = open(schema);
    await expect(store.getTicket(1)).rejects.toThrow(/run `await store.migrate\(\)`/);
    await expect(store.transaction((tx) => tx.allocateTicketSequence())).rejects.toBeInstanceOf(StoreError);
  });
});

describe.skipIf(!pgAvailable)('postgres store: the revocation migration', () => {
  it('numbers tokens made before it in creation order; they keep working, with no expiry', async () => {
    await withSchemaMigratedTo('revmig', '0001-init', async ({ pool, schema }) => {
      const client = await pool.connect();
      try {
        await client.query(`insert into "${schema}".users (name, email, role) values ('Old', 'old@example.test', 'staff')`);
        await client.query(
          `insert into "${schema}".api_tokens (token_hash, user_id, label, created_at) values
             ('h-later', 1, 'later', '2024-02-01T00:00:00Z'), ('h-first', 1, 'first', '2024-01-01T00:00:00Z')`,
        );
      } finally {
        client.release();
      }
      const store = createPostgresStore({ pool }, { schema });
      expect(await store.migrate()).toEqual(['0002-webhooks', '0003-revocable-tokens-and-sessions', '0004-sla', '0005-sla-totals', '0006-read-indexes', '0007-outbox-cursor', '0008-ticket-day-counts', '0009-search-pairs', '0010-totals-vacuum']);
      expect((await store.directory.listTokens()).map((t) => [t.id, t.label, t.expiresAt])).toEqual([
        [1, 'first', null],
        [2, 'later', null],
      ]);
      expect((await store.directory.findUserByTokenHash('h-later'))?.name).toBe('Old');
      const added = await store.directory.addToken({ userId: 1, tokenHash: 'h-new', label: 'new', createdAt: new Date() });
      expect(added.id).toBe(3);
    });
  });
});

describe.skipIf(!pgAvailable)('postgres store: the read-indexes migration', () => {
  it('indexes the words of tickets written before it; later writes keep the index current', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const search = async (store: ReturnType<typeof createPostgresStore>, terms: string[]) => {
      const page = await store.listTickets({
        filter: { searchTerms: terms },
        ordering: { field: 'ticket_number', direction: 'asc' },
        page: { offset: 0, limit: 10 },
        now,
      });
      return { count: page.count, numbers: page.rows.map((t) => t.ticketNumber) };
    };
    await withSchemaMigratedTo('wordmig', '0004-sla', async ({ pool, schema }) => {
      await pool.query(
        `insert into "${schema}".tickets (sequence, ticket_number, subject, description, status, priority, priority_rank,
           category, customer_id, created_by_id, created_at, updated_at, tags)
         select i, 'TKT-' || lpad(i::text, 6, '0'), s, d, 'new', 'low', 1, 'general', 1, 1, now(), now(), t
         from (values (1, 'Relogin loop', 'Session lost', 'auth'), (2, 'Printer', 'Ink: LOGIN-screen', ''),
                      (3, 'Other', 'nothing', 'misc')) v(i, s, d, t)`,
      );
      const store = createPostgresStore({ pool }, { schema });
      expect(await store.migrate()).toEqual(['0005-sla-totals', '0006-read-indexes', '0007-outbox-cursor', '0008-ticket-day-counts', '0009-search-pairs', '0010-totals-vacuum']);
      expect(await search(store, ['login'])).toEqual({ count: 2, numbers: ['TKT-000001', 'TKT-000002'] });
      expect(await search(store, ['ss'])).toEqual({ count: 1, numbers: ['TKT-000001'] });

      // Writes after the migration: a new ticket, an edit that drops and adds words, a delete.
      await store.transaction(async (tx) => {
        await tx.insertTicket(newTicket(4, { subject: 'Blogin typo', description: 'qx', tags: [] }));
        await tx.updateTicket(1, { subject: 'Renamed', description: 'quiet' });
        await tx.deleteTicket(2);
      });
      expect(await search(store, ['login'])).toEqual({ count: 1, numbers: ['TKT-000004'] });
      expect(await search(store, ['qx'])).toEqual({ count: 1, numbers: ['TKT-000004'] });
      expect(await search(store, ['ss'])).toEqual({ count: 0, numbers: [] });
      expect(await search(store, ['quiet', 'ui'])).toEqual({ count: 1, numbers: ['TKT-000001'] });
    });
  });
});
