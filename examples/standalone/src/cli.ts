import { parseArgs } from 'node:util';
import { ACTOR_ROLES, type ActorRole } from '@tessera/core';
import { hashPassword } from '@tessera/http-hono';
import { createToken } from './bootstrap.js';
import { loadConfig } from './config.js';
import { openStore } from './store.js';

const USAGE = `Usage: pnpm tessera <command> [options]

  customer add --name NAME [--email EMAIL]
  user add --name NAME --role staff|customer [--customer ID] [--email EMAIL] [--password PW] [--no-token]
  token create --user ID [--label LABEL]

Uses the same database as the server (DATABASE_URL, or ./data/tessera.db).`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/gu, '.').replace(/^\.|\.$/gu, '') || 'user';
}

function positiveInt(flag: string, value: string | undefined): number {
  if (!value || !/^\d+$/u.test(value) || Number(value) < 1) fail(`--${flag} must be a positive integer.`);
  return Number(value);
}

/** `pnpm tessera …`: manage customers, users and API tokens of the standalone server. */
async function main(argv: string[]): Promise<void> {
  const args = argv.filter((a) => a !== '--');
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const [noun, verb, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      customer: { type: 'string' },
      password: { type: 'string' },
      user: { type: 'string' },
      label: { type: 'string' },
      'no-token': { type: 'boolean' },
    },
    strict: true,
  });
  const command = `${noun ?? ''} ${verb ?? ''}`;
  if (!['customer add', 'user add', 'token create'].includes(command)) fail(`Unknown command "${command.trim()}".`);

  const store = await openStore(loadConfig());
  const dir = store.directory;
  try {
    if (command === 'customer add') {
      if (!values.name) fail('--name is required.');
      const customer = await dir.addCustomer({ name: values.name, email: values.email ?? `${slug(values.name)}@customer.local` });
      console.log(`Created customer #${customer.id} ${customer.name} <${customer.email}>`);
    } else if (command === 'user add') {
      if (!values.name) fail('--name is required.');
      const role = values.role as ActorRole;
      if (!ACTOR_ROLES.includes(role)) fail('--role must be staff or customer.');
      let customerId: number | null = null;
      if (role === 'customer') {
        customerId = positiveInt('customer', values.customer);
        if ((await dir.getCustomers([customerId])).length === 0) fail(`Customer #${customerId} does not exist.`);
      } else if (values.customer) fail('--customer is only for customer users.');
      const user = await dir.addUser({
        name: values.name,
        email: values.email ?? `${slug(values.name)}@local`,
        role,
        customerId,
        passwordHash: values.password ? await hashPassword(values.password) : null,
      });
      console.log(`Created ${role} user #${user.id} ${user.name} <${user.email}>`);
      if (!values['no-token']) {
        console.log(`API token (shown once): ${await createToken(dir, user.id, 'cli')}`);
      }
    } else {
      const userId = positiveInt('user', values.user);
      if ((await dir.getUsers([userId])).length === 0) fail(`User #${userId} does not exist.`);
      console.log(`API token for user #${userId} (shown once): ${await createToken(dir, userId, values.label ?? 'cli')}`);
    }
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
