/**
 * A separate Node process for the kill -9 test: `CONCURRENCY` creators each create a ticket and
 * comment on it, in a loop, until the process is killed. Says "ready" once a change committed.
 */
import pg from 'pg';
import { createTicketing, createMemoryBlobStore } from '@tessera/core';
import { createPostgresStore } from '../../src/index.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const concurrency = Number(process.env.CONCURRENCY ?? '4');
const actor = { id: Number(env('ACTOR_ID')), role: 'staff' as const };
const customerId = Number(env('CUSTOMER_ID'));
const pool = new pg.Pool({ connectionString: env('PG_URL'), max: concurrency });
const ticketing = createTicketing({ store: createPostgresStore({ pool }, { schema: env('SCHEMA') }), blobs: createMemoryBlobStore() });

let said = false;
async function creator(lane: number): Promise<void> {
  for (let i = 0; ; i++) {
    const ticket = await ticketing.tickets.create(actor, { subject: `burst ${lane}/${i}`, description: 'kill -9 test', customerId });
    await ticketing.comments.add(actor, ticket.id, { content: `comment ${lane}/${i}`, isInternal: i % 2 === 0 });
    if (!said) {
      said = true;
      process.stdout.write('ready\n');
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, (_, lane) => creator(lane)));
