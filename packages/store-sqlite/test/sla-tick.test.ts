import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMemoryBlobStore, createTicketing } from '@tessera/core';
import { openSqliteStore } from '@tessera/store-sqlite';
import { useTempDir } from './helpers.js';

const path = useTempDir('sla-tick');
const worker = fileURLToPath(new URL('./fixtures/tick-worker.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

function startWorker(args: string[]) {
  const child = spawn(process.execPath, ['--conditions=dev-source', '--import', 'tsx', worker, ...args], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stderr, stdout })),
  );
  return { child, exited, ready };
}

describe('SLA tick from several processes', () => {
  it('3 processes ticking at the same instant over 200 overdue tickets record exactly 200 breaches', async () => {
    const file = path('tick.db');
    const created = new Date('2024-05-01T09:00:00.000Z');
    const setup = await openSqliteStore({ filename: file });
    const customer = await setup.directory.addCustomer({ name: 'Acme', email: 'a@acme.test' });
    const staff = await setup.directory.addUser({ name: 'Sam', email: 's@x.test', role: 'staff' });
    const ticketing = createTicketing({ store: setup, blobs: createMemoryBlobStore(), clock: { now: () => created } });
    const actor = { id: staff.id, role: 'staff' as const };
    await ticketing.sla.policies.create(actor, { name: 'P', targets: { medium: { firstResponseMinutes: 30 } } });
    for (let i = 0; i < 200; i++) await ticketing.tickets.create(actor, { subject: `t${i}`, description: 'd', customerId: customer.id });
    await setup.close();

    const now = new Date(created.getTime() + 3_600_000).toISOString();
    const workers = [0, 1, 2].map(() => startWorker([file, now]));
    await Promise.race([Promise.all(workers.map((w) => w.ready)), Promise.all(workers.map((w) => w.exited))]);
    for (const w of workers) w.child.stdin.write('go\n');
    const outcomes = await Promise.all(workers.map((w) => w.exited));
    const recorded: [number, string, number][] = [];
    for (const outcome of outcomes) {
      expect({ code: outcome.code, stderr: outcome.stderr }).toEqual({ code: 0, stderr: '' });
      recorded.push(...(JSON.parse(outcome.stdout.trim().split('\n').at(-1)!) as [number, string, number][]));
    }
    expect(recorded).toHaveLength(200);
    expect(new Set(recorded.map(([ticketId]) => ticketId)).size).toBe(200);

    const store = await openSqliteStore({ filename: file });
    const rows = store.database
      .prepare(`SELECT ticket_id, user_id, field_name, new_value FROM tessera_history WHERE action = 'sla_breached' ORDER BY ticket_id`)
      .all() as { ticket_id: number; user_id: number | null; field_name: string; new_value: string }[];
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.ticket_id)).size).toBe(200);
    expect(rows.every((r) => r.user_id === null && r.field_name === 'first_response' && r.new_value === '2024-05-01T09:30:00Z')).toBe(true);
    await store.close();
  }, 120_000);
});
