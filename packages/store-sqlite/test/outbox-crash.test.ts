import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTicketing, createMemoryBlobStore } from '@tessera/core';
import { addCustomerAndStaff, readyOrExit, startWorkerProcess } from '@tessera/core/testing';
import { openSqliteStore } from '@tessera/store-sqlite';
import { useTempDir } from './helpers.js';

const path = useTempDir('outbox-crash');
const worker = fileURLToPath(new URL('./fixtures/outbox-burst-worker.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('SQLite outbox survives kill -9', () => {
  it('a process killed mid-burst leaves every committed change with its outbox rows, and no row without its change', async () => {
    const file = path('crash.db');
    const setup = await openSqliteStore({ filename: file });
    const { customer, staff } = await addCustomerAndStaff(setup.directory);

    const burst = startWorkerProcess(worker, { cwd: root, args: [file, String(customer.id), String(staff.id)] });
    await readyOrExit(burst);
    // Let the burst run until a few hundred changes committed, then kill it without warning.
    const count = () => (setup.database.prepare('SELECT count(*) AS n FROM tessera_tickets').get() as { n: number }).n;
    while (count() < 150) await new Promise((resolve) => setImmediate(resolve));
    burst.kill('SIGKILL');
    expect((await burst.exited).signal).toBe('SIGKILL');

    const q = (text: string) => (setup.database.prepare(text).get() as { n: number }).n;
    const tickets = count();
    expect(tickets).toBeGreaterThanOrEqual(150);
    // Every committed ticket and comment has its event; every event has its committed row.
    expect(q(`SELECT count(*) AS n FROM tessera_tickets t WHERE NOT EXISTS (SELECT 1 FROM tessera_outbox o
      WHERE o.type = 'ticket.created' AND json_extract(o.data, '$.ticket.id') = t.id)`)).toBe(0);
    expect(q(`SELECT count(*) AS n FROM tessera_outbox o WHERE o.type = 'ticket.created' AND NOT EXISTS
      (SELECT 1 FROM tessera_tickets t WHERE t.id = json_extract(o.data, '$.ticket.id'))`)).toBe(0);
    expect(q(`SELECT count(*) AS n FROM tessera_comments c WHERE NOT EXISTS (SELECT 1 FROM tessera_outbox o
      WHERE o.type = 'comment.created' AND json_extract(o.data, '$.comment.id') = c.id AND o.internal = c.is_internal)`)).toBe(0);
    expect(q(`SELECT count(*) AS n FROM tessera_outbox o WHERE o.type = 'comment.created' AND NOT EXISTS
      (SELECT 1 FROM tessera_comments c WHERE c.id = json_extract(o.data, '$.comment.id'))`)).toBe(0);
    expect(q('SELECT count(*) AS n FROM tessera_outbox')).toBe(tickets + q('SELECT count(*) AS n FROM tessera_comments'));

    // The file is usable right away: the next change gets the next outbox id.
    const before = q('SELECT max(id) AS n FROM tessera_outbox');
    await createTicketing({ store: setup, blobs: createMemoryBlobStore() }).tickets.create({ id: staff.id, role: 'staff' }, { subject: 'after', description: 'x', customerId: customer.id });
    expect(q('SELECT max(id) AS n FROM tessera_outbox')).toBe(before + 1);
    await setup.close();
  }, 60_000);
});
