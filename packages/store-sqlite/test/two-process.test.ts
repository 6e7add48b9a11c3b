import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatTicketNumber } from '@tessera/core';
import { addCustomerAndStaff, releaseTogether, startWorkerProcess } from '@tessera/core/testing';
import { openSqliteStore } from '@tessera/store-sqlite';
import { useTempDir } from './helpers.js';

const path = useTempDir('two-process');
const worker = fileURLToPath(new URL('./fixtures/create-worker.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

const startWorker = (args: string[]) => startWorkerProcess(worker, { cwd: root, args });

describe('two processes on one database file', () => {
  it('500 creates each give TKT-000001..TKT-001000, distinct and gapless, with no error', async () => {
    const file = path('shared.db');
    // Directory rows first (the file is also migrated by both workers at once: a no-op race).
    const setup = await openSqliteStore({ filename: file });
    const { customer, staff } = await addCustomerAndStaff(setup.directory);
    await setup.close();

    const workers = [0, 1].map(() => startWorker([file, '500', String(customer.id), String(staff.id)]));
    // Each worker opens (and migrates: a concurrent no-op) the file, says ready, then waits; release both at once.
    await releaseTogether(workers);
    for (const { code, stderr } of await Promise.all(workers.map((w) => w.exited))) expect({ code, stderr }).toEqual({ code: 0, stderr: '' });

    const store = await openSqliteStore({ filename: file });
    const rows = store.database
      .prepare('SELECT id, sequence, ticket_number, subject FROM tessera_tickets ORDER BY id')
      .all() as { id: number; sequence: number; ticket_number: string; subject: string }[];
    expect(rows).toHaveLength(1000);
    expect(rows.map((r) => r.ticket_number)).toEqual(Array.from({ length: 1000 }, (_, i) => formatTicketNumber(i + 1)));
    // Both processes really interleaved on the file, and every create wrote its history row.
    const writers = rows.map((r) => r.subject.split(' ')[1]);
    expect(new Set(writers).size).toBe(2);
    const switches = writers.filter((w, i) => i > 0 && w !== writers[i - 1]).length;
    expect(switches).toBeGreaterThan(1);
    const history = store.database.prepare(`SELECT count(*) AS n FROM tessera_history WHERE action = 'created'`).get() as { n: number };
    expect(history.n).toBe(1000);
    await store.close();
  }, 120_000);

  it('two processes migrating one fresh file at the same moment both succeed, and it is migrated once', async () => {
    const file = path('fresh-race.db');
    const workers = [0, 1].map(() => startWorker([file, '0', '1', '1']));
    await releaseTogether(workers);
    for (const { code, stderr } of await Promise.all(workers.map((w) => w.exited))) expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const store = await openSqliteStore({ filename: file });
    expect(store.schemaState().pending).toEqual([]);
    const rows = store.database.prepare('SELECT count(*) AS n FROM tessera_migrations').get() as { n: number };
    expect(rows.n).toBe(store.schemaState().applied.length);
    await store.close();
  }, 60_000);
});
