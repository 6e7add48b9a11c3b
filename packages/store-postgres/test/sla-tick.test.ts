import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createMemoryBlobStore, createTicketing } from '@tessera/core';
import { PG_URL, pgAvailable, useTestSchema } from './pg-test-schema.js';

const WORKER = fileURLToPath(new URL('./workers/tick.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function startWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--conditions=dev-source', '--import', 'tsx', WORKER], {
    cwd: ROOT,
    env: { ...process.env, ...env },
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

describe.skipIf(!pgAvailable)('postgres store: SLA tick across processes', () => {
  const db = useTestSchema('sla_tick');

  it('3 processes ticking at the same instant over 200 overdue tickets record exactly 200 breaches', async () => {
    const store = await db.fresh();
    const customer = await store.directory.addCustomer({ name: 'Acme', email: 'acme@example.test' });
    const agent = await store.directory.addUser({ name: 'Agent', email: 'agent@example.test', role: 'staff' });
    const created = new Date('2024-05-01T09:00:00.000Z');
    const ticketing = createTicketing({ store, blobs: createMemoryBlobStore(), clock: { now: () => created } });
    const actor = { id: agent.id, role: 'staff' as const };
    await ticketing.sla.policies.create(actor, { name: 'P', targets: { medium: { firstResponseMinutes: 30 } } });
    for (let i = 0; i < 200; i++) await ticketing.tickets.create(actor, { subject: `t${i}`, description: 'd', customerId: customer.id });

    const now = new Date(created.getTime() + 3_600_000).toISOString();
    const workers = [0, 1, 2].map(() => startWorker({ PG_URL, SCHEMA: db.schema, NOW: now }));
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

    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    const { rows } = await client.query<{ ticket_id: string; user_id: string | null; field_name: string; new_value: string }>(
      `select ticket_id, user_id, field_name, new_value from "${db.schema}".ticket_history where action = 'sla_breached'`,
    );
    await client.end();
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.ticket_id)).size).toBe(200);
    expect(rows.every((r) => r.user_id === null && r.field_name === 'first_response' && r.new_value === '2024-05-01T09:30:00Z')).toBe(true);
    expect((await ticketing.sla.tick(new Date(now))).breaches).toEqual([]);
  }, 120_000);
});
