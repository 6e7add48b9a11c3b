/**
 * A separate Node process for the numbering test: creates `COUNT` tickets through the real
 * service with `CONCURRENCY` creators in flight, and every tenth round also runs a create that
 * allocates a number and then rolls back (it must burn nothing). Prints one JSON line.
 */
import pg from 'pg';
import { createMemoryBlobStore, createTicketing, formatTicketNumber } from '@tessera/core';
import { createPostgresStore } from '../../src/index.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const count = Number(env('COUNT'));
const concurrency = Number(process.env.CONCURRENCY ?? '4');
const actor = { id: Number(env('ACTOR_ID')), role: 'staff' as const };
const customerId = Number(env('CUSTOMER_ID'));

const pool = new pg.Pool({ connectionString: env('PG_URL'), max: concurrency });
const store = createPostgresStore({ pool }, { schema: env('SCHEMA') });
const ticketing = createTicketing({ store, blobs: createMemoryBlobStore() });

let next = 0;
let rolledBack = 0;
const errors: string[] = [];
async function creator(): Promise<void> {
  while (next < count) {
    const i = next++;
    try {
      await ticketing.tickets.create(actor, { subject: `ticket ${process.pid}/${i}`, description: 'load', customerId });
      if (i % 10 === 0) {
        await store
          .transaction(async (tx) => {
            const sequence = await tx.allocateTicketSequence();
            throw new Error(`abandon ${formatTicketNumber(sequence)}`);
          })
          .catch((error: Error) => {
            if (!error.message.startsWith('abandon')) throw error;
            rolledBack++;
          });
      }
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
}

await Promise.all(Array.from({ length: concurrency }, creator));
await store.close();
await pool.end();
process.stdout.write(`${JSON.stringify({ errors, rolledBack })}\n`);
